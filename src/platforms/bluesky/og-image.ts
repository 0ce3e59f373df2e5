import { Parser } from 'htmlparser2';

/** Meta tags that name an article's share image, best first. */
const IMAGE_KEYS = ['og:image:secure_url', 'og:image', 'og:image:url', 'twitter:image', 'twitter:image:src'];

function absoluteHttpUrl(value: string, base: string): string | undefined {
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The share image an HTML page declares (`og:image`, then `twitter:image`), as an absolute URL
 * resolved against the page's URL (or its `<base href>`); undefined when it declares none.
 */
export function findShareImage(html: string, pageUrl: string): string | undefined {
  const found = new Map<string, string>();
  let base = pageUrl;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (name === 'base' && attribs.href) {
          base = absoluteHttpUrl(attribs.href, pageUrl) ?? base;
          return;
        }
        if (name !== 'meta') return;
        const key = (attribs.property ?? attribs.name ?? '').trim().toLowerCase();
        const content = attribs.content;
        if (content && IMAGE_KEYS.includes(key) && !found.has(key)) found.set(key, content);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  for (const key of IMAGE_KEYS) {
    const value = found.get(key);
    const url = value === undefined ? undefined : absoluteHttpUrl(value, base);
    if (url) return url;
  }
  return undefined;
}
