import { domainToUnicode } from 'node:url';
import { graphemeSegmenter } from './counting.js';

// Escapes of bytes 0x80–0xFF only: escapes of ASCII (`%2F`, `%3F`, `%25` and the like) mean
// something different once decoded, so they are never part of a run to decode.
const NON_ASCII_ESCAPES = /(?:%[89A-Fa-f][0-9A-Fa-f])+/g;

// Shown as escapes even when they decode: invisible or direction-changing characters (a U+202E
// would make the link read backwards), whitespace, and anything unassigned.
const UNSAFE_TO_SHOW = /[\p{C}\p{Z}]/u;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A run of `%XX` escapes as UTF-8 text; undefined when its bytes are not valid UTF-8. */
function decodeEscapes(run: string): string | undefined {
  try {
    return utf8.decode(Uint8Array.from(run.slice(1).split('%'), (hex) => parseInt(hex, 16)));
  } catch {
    return undefined;
  }
}

/**
 * A URL's percent-escaped UTF-8 text as readers see it in a browser's address bar: an Arabic,
 * Hindi or Chinese slug as its letters, not as `%D8%A7%D9…`. Escapes of ASCII stay as they are,
 * and so does a run that is not valid UTF-8 or that would show an invisible or direction-changing
 * character.
 */
function readable(text: string): string {
  return text.replace(NON_ASCII_ESCAPES, (run) => {
    const decoded = decodeEscapes(run);
    return decoded !== undefined && !UNSAFE_TO_SHOW.test(decoded) ? decoded : run;
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
  for (const { segment } of graphemeSegmenter.segment(rest)) {
    if (shown.length >= maxPathChars) return `${host}${shown}…`;
    shown += segment;
  }
  return `${host}${shown}`;
}
