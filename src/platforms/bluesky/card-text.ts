/**
 * Caps for the link card's text. The lexicon sets none, but the PDS refuses a record over its size
 * limit (a 1 MB title is a 413 and a failed post) and the app shows two lines of title and three of
 * description anyway. Graphemes for what a reader sees, bytes for what the PDS stores.
 */
export const CARD_TITLE_MAX = { graphemes: 300, bytes: 1200 } as const;
export const CARD_DESCRIPTION_MAX = { graphemes: 1000, bytes: 4000 } as const;

const ELLIPSIS = '…';
const ELLIPSIS_BYTES = 3;
const encoder = new TextEncoder();
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * `text` unchanged when it fits, else cut after the last whole word (or grapheme, for one long
 * word) that fits with an ellipsis. Only the first max.bytes + 1 code units are segmented, so a
 * megabyte of input costs no more than the cap.
 */
export function capCardText(text: string, max: { graphemes: number; bytes: number }): string {
  // Most cards fit: a grapheme is at least one code unit, so within both caps there is nothing to
  // segment (segmenting costs an object and an encoded copy per grapheme, on every Bluesky post).
  if (text.length <= max.graphemes && Buffer.byteLength(text, 'utf8') <= max.bytes) return text;
  // A code unit is at least one UTF-8 byte, so nothing past max.bytes + 1 code units can be kept;
  // the segmenter otherwise takes in the whole string first. A cluster cut by the slice cannot fit.
  const head = text.length > max.bytes + 1 ? text.slice(0, max.bytes + 1) : text;
  let count = 0;
  let bytes = 0;
  let end = 0;
  let lastSpaceEnd = -1;
  for (const { segment, index } of graphemes.segment(head)) {
    const size = encoder.encode(segment).length;
    if (count + 1 > max.graphemes || bytes + size > max.bytes) return cut(text, end, lastSpaceEnd, count, bytes, max);
    count += 1;
    bytes += size;
    end = index + segment.length;
    if (/^\s+$/.test(segment)) lastSpaceEnd = index;
  }
  return text;
}

function cut(text: string, end: number, lastSpace: number, count: number, bytes: number, max: { graphemes: number; bytes: number }): string {
  // Room for the ellipsis: drop trailing graphemes until it fits (at most a few).
  let stop = end;
  if (count + 1 > max.graphemes || bytes + ELLIPSIS_BYTES > max.bytes) {
    const kept = [...graphemes.segment(text.slice(0, end))];
    while (kept.length > 0) {
      const last = kept.pop()!;
      count -= 1;
      bytes -= encoder.encode(last.segment).length;
      stop = last.index;
      if (count + 1 <= max.graphemes && bytes + ELLIPSIS_BYTES <= max.bytes) break;
    }
  }
  // Prefer a word boundary when one is near the end: "a long headl…" reads worse than "a long…".
  const wordEnd = lastSpace > 0 && lastSpace <= stop && lastSpace >= stop * 0.6 ? lastSpace : stop;
  return `${text.slice(0, wordEnd).trimEnd()}${ELLIPSIS}`;
}
