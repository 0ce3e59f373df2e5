import { isSpaceCode } from '../sentences.js';
import { isSafeBreak, isSpacelessWordBreak, NO_SPACE_SCRIPT } from './breaks.js';

/** A half-open range of a text: what a splitter found, as offsets, so parts keep the original spacing. */
export interface Piece {
  start: number;
  end: number;
}

export function isBlank(text: string, from: number, to: number): boolean {
  for (let at = from; at < to; at++) if (!isSpaceCode(text.charCodeAt(at))) return false;
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
  for (const found of strings) {
    if (found === '') continue;
    const at = text.indexOf(found, cursor);
    if (at < 0 || at + found.length > to) break;
    const prev = out[out.length - 1];
    if (prev && !isBlank(text, prev.end, at)) prev.end = at + found.length;
    else if (!prev && !isBlank(text, from, at)) out.push({ start: trimRange(text, from, at).start, end: at + found.length });
    else out.push({ start: at, end: at + found.length });
    cursor = at + found.length;
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
  for (const piece of pieces) {
    const prev = out[out.length - 1];
    if (!prev) {
      out.push({ start: piece.start, end: piece.end });
      continue;
    }
    let end = prev.end;
    let start = piece.start;
    while (end < start && !isSafeBreak(text, end)) end++;
    while (start > end && !isSafeBreak(text, start)) start--;
    if (isSafeBreak(text, end) && isSafeBreak(text, start) && !isProtected(end) && !isProtected(start)) {
      prev.end = end;
      out.push({ start, end: piece.end });
    } else {
      prev.end = piece.end;
    }
  }
  return out;
}

const wordSegmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/** Words of `text[from, to)`: runs between white space, and dictionary words inside spaceless scripts. */
export function wordPieces(text: string, from: number, to: number): Piece[] {
  const out: Piece[] = [];
  let runStart = from;
  while (runStart < to) {
    while (runStart < to && isSpaceCode(text.charCodeAt(runStart))) runStart++;
    if (runStart >= to) break;
    let runEnd = runStart;
    while (runEnd < to && !isSpaceCode(text.charCodeAt(runEnd))) runEnd++;
    const run = text.slice(runStart, runEnd);
    if (NO_SPACE_SCRIPT.test(run)) {
      let last = runStart;
      for (const word of wordSegmenter.segment(run)) {
        const at = runStart + word.index;
        if (at > last && isSpacelessWordBreak(text, at)) {
          out.push({ start: last, end: at });
          last = at;
        }
      }
      out.push({ start: last, end: runEnd });
    } else {
      out.push({ start: runStart, end: runEnd });
    }
    runStart = runEnd;
  }
  return out;
}
