import { Parser } from 'htmlparser2';

/** The first `<img>` with a src in an HTML fragment, with its alt text: the last resort for an item's image. */
export function firstImage(html: string | undefined): { url: string; alt?: string } | undefined {
  if (!html || !/<img\b/i.test(html)) return undefined;
  let found: { url: string; alt?: string } | undefined;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (found || name !== 'img') return;
        const src = attributes.src?.trim();
        if (!src) return;
        found = attributes.alt ? { url: src, alt: attributes.alt } : { url: src };
        parser.pause();
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return found;
}
