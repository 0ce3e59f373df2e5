import { domainToUnicode } from 'node:url';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

// Shown as escapes even when they decode: invisible or direction-changing characters (a U+202E
// would make the link read backwards), whitespace, and anything unassigned.
const UNSAFE_TO_SHOW = /[\p{C}\p{Z}]/u;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A URL's percent-escaped UTF-8 text as readers see it in a browser's address bar: an Arabic,
 * Hindi or Chinese slug as its letters, not as `%D8%A7%D9…`. Escapes of ASCII stay as they are
 * (`%2F`, `%3F`, `%25` and the like mean something different once decoded), and so does a run
 * that is not valid UTF-8 or that would show an invisible or direction-changing character.
 */
function readable(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    const escapes = run.match(/%[0-9A-Fa-f]{2}/g)!;
    let out = '';
    let pending: string[] = [];
    const flush = (): void => {
      if (pending.length === 0) return;
      const bytes = Uint8Array.from(pending, (e) => parseInt(e.slice(1), 16));
      let decoded: string | undefined;
      try {
        decoded = utf8.decode(bytes);
      } catch {
        decoded = undefined;
      }
      out += decoded !== undefined && !UNSAFE_TO_SHOW.test(decoded) ? decoded : pending.join('');
      pending = [];
    };
    for (const escape of escapes) {
      if (parseInt(escape.slice(1), 16) < 0x80) {
        flush();
        out += escape;
      } else {
        pending.push(escape);
      }
    }
    flush();
    return out;
  });
}

/**
 * The short form of a link that Bluesky's own app shows ("example.com/news/beijing-ba…"): the
 * whole URL would spend a third of a 300-grapheme post. The text shows this form and the link
 * facet points at the full URL (the Bluesky adapter sets it from Draft.link). The host and path
 * read as they would in a browser (an internationalised domain and a non-Latin slug in their own
 * script), and the cut falls between graphemes, so no letter loses its vowel sign or accent.
 */
export function shortDisplayUrl(url: string, maxPathChars = 24): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  const ascii = parsed.hostname.replace(/^www\./, '');
  const host = domainToUnicode(ascii) || ascii;
  const rest = readable(`${parsed.pathname === '/' ? '' : parsed.pathname}${parsed.search}${parsed.hash}`);
  let shown = '';
  for (const { segment } of segmenter.segment(rest)) {
    if (shown.length >= maxPathChars) return `${host}${shown}…`;
    shown += segment;
  }
  return `${host}${shown}`;
}
