import { isSpaceCode } from '../sentences.js';
import { isSafeBreak, isSpacelessWordBreak, NO_SPACE_SCRIPT } from './breaks.js';

/** A half-open range of a text: what a splitter found, as offsets, so parts keep the original spacing. */
export interface Piece {
  start: number;
  end: number;
}

export function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpaceCode(text.charCodeAt(i))) return false;
  return true;
}

/** `[from, to)` without white space at either end. */
export function trimRange(text: string, from: number, to: number): Piece {
  let start = from;
  let end = to;
  while (start < end && isSpaceCode(text.charCodeAt(start))) start++;
  while (end > start && isSpaceCode(text.charCodeAt(end - 1))) end--;
  return { start, end };
}

/**
 * Finds the splitter's trimmed strings back in `text[from, to)`. A string not found, or found
 * after something that is not white space, is merged into its neighbour: the splitter then
 * changed the text, and a break there cannot be trusted.
 */
export function locate(text: string, from: number, to: number, strings: readonly string[]): Piece[] {
  const out: Piece[] = [];
  let cursor = from;
  for (const s of strings) {
    if (s === '') continue;
    const at = text.indexOf(s, cursor);
    if (at < 0 || at + s.length > to) break;
    const prev = out[out.length - 1];
    if (prev && !isBlank(text, prev.end, at)) prev.end = at + s.length;
    else if (!prev && !isBlank(text, from, at)) out.push({ start: trimRange(text, from, at).start, end: at + s.length });
    else out.push({ start: at, end: at + s.length });
    cursor = at + s.length;
  }
  const rest = trimRange(text, cursor, to);
  if (rest.start < rest.end) {
    const prev = out[out.length - 1];
    if (prev) prev.end = rest.end;
    else out.push(rest);
  }
  return out;
}

/**
 * Keeps a break between neighbouring pieces only where it splits no grapheme cluster and no
 * protected token (URL, hashtag, mention); otherwise the pieces merge. A cluster that starts with
 * white space (a space carrying a combining mark) moves into the piece it belongs to.
 */
export function settle(text: string, pieces: readonly Piece[], isProtected: (at: number) => boolean): Piece[] {
  const out: Piece[] = [];
  for (const p of pieces) {
    const prev = out[out.length - 1];
    if (!prev) {
      out.push({ start: p.start, end: p.end });
      continue;
    }
    let end = prev.end;
    let start = p.start;
    while (end < start && !isSafeBreak(text, end)) end++;
    while (start > end && !isSafeBreak(text, start)) start--;
    if (isSafeBreak(text, end) && isSafeBreak(text, start) && !isProtected(end) && !isProtected(start)) {
      prev.end = end;
      out.push({ start, end: p.end });
    } else {
      prev.end = p.end;
    }
  }
  return out;
}

const wordSegmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/** Words of `text[from, to)`: runs between white space, and dictionary words inside spaceless scripts. */
export function wordPieces(text: string, from: number, to: number): Piece[] {
  const out: Piece[] = [];
  let i = from;
  while (i < to) {
    while (i < to && isSpaceCode(text.charCodeAt(i))) i++;
    if (i >= to) break;
    let j = i;
    while (j < to && !isSpaceCode(text.charCodeAt(j))) j++;
    const run = text.slice(i, j);
    if (NO_SPACE_SCRIPT.test(run)) {
      let last = i;
      for (const seg of wordSegmenter.segment(run)) {
        const at = i + seg.index;
        if (at > last && isSpacelessWordBreak(text, at)) {
          out.push({ start: last, end: at });
          last = at;
        }
      }
      out.push({ start: last, end: j });
    } else {
      out.push({ start: i, end: j });
    }
    i = j;
  }
  return out;
}
