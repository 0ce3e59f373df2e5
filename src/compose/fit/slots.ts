import { isSpaceCode } from '../sentences.js';
import { isSafeBreak } from './breaks.js';
import type { Slot } from './flow.js';

/** A hashtag slot's place in one part's content; `at` past the content's end means after it. */
export interface Placement {
  at: number;
  slot: Slot;
}

/**
 * Removes every occurrence of `marker`, remembering where each was and the white space around it.
 * The text around a slot is left as it was; rendering tidies the join once it knows what fills it.
 */
export function extractSlots(raw: string, marker: string): { text: string; slots: Slot[] } {
  if (!raw.includes(marker)) return { text: raw, slots: [] };
  const pieces = raw.split(marker);
  const positions: number[] = [];
  let text = '';
  pieces.forEach((piece, pieceIndex) => {
    if (pieceIndex > 0) positions.push(text.length);
    text += piece;
  });
  const slots = positions.map((marked) => {
    // A slot between a letter and its combining mark would split the cluster when filled.
    let at = marked;
    while (at < text.length && !isSafeBreak(text, at)) at++;
    let spaceBefore = at;
    while (spaceBefore > 0 && isSpaceCode(text.charCodeAt(spaceBefore - 1))) spaceBefore--;
    let spaceAfter = at;
    while (spaceAfter < text.length && isSpaceCode(text.charCodeAt(spaceAfter))) spaceAfter++;
    return { at, before: text.slice(spaceBefore, at), after: text.slice(at, spaceAfter) };
  });
  return { text, slots };
}

/** One separator for a run of white space: a blank line, a line break, a space, or nothing. */
function separator(space: string): string {
  const newlines = space.split('\n').length - 1;
  if (newlines >= 2) return '\n\n';
  if (newlines === 1) return '\n';
  return space === '' ? '' : ' ';
}

/** Hashtags glued to a word would merge with it: they need at least a space. */
function tagSeparator(space: string): string {
  return separator(space) || ' ';
}

function trimmedEnd(text: string, to: number): number {
  let end = to;
  while (end > 0 && isSpaceCode(text.charCodeAt(end - 1))) end--;
  while (end < to && !isSafeBreak(text, end)) end++;
  return end;
}

function trimmedStart(text: string, from: number): number {
  let start = from;
  while (start < text.length && isSpaceCode(text.charCodeAt(start))) start++;
  while (start > from && !isSafeBreak(text, start)) start--;
  return start;
}

/**
 * Writes `tags` where a slot was. With no tags the slot disappears along with the white space it
 * would leave doubled (a blank line stays a blank line, two spaces become one).
 */
export function fillSlot(text: string, at: number, tags: readonly string[], slot: Slot): string {
  const pos = Math.min(Math.max(at, 0), text.length);
  const leftEnd = trimmedEnd(text, pos);
  const rightStart = trimmedStart(text, pos);
  const left = text.slice(0, leftEnd);
  const right = text.slice(rightStart);
  const leftWs = text.slice(leftEnd, pos);
  const rightWs = text.slice(pos, rightStart);
  if (tags.length === 0) {
    if (left === '' || right === '') return left + right;
    return left + separator(leftWs + rightWs) + right;
  }
  const before = left === '' ? '' : tagSeparator(leftWs || slot.before);
  const after = right === '' ? '' : tagSeparator(rightWs || slot.after);
  return left + before + tags.join(' ') + after + right;
}

/**
 * How many more code units of white space the join around a slot takes once it holds tags: what
 * the hashtags cost beyond their own text. White space counts one on every platform.
 */
export function slotOverhead(text: string, at: number, slot: Slot): number {
  const pos = Math.min(Math.max(at, 0), text.length);
  const leftEnd = trimmedEnd(text, pos);
  const rightStart = trimmedStart(text, pos);
  const hasLeft = leftEnd > 0;
  const hasRight = rightStart < text.length;
  const leftWs = text.slice(leftEnd, pos);
  const rightWs = text.slice(pos, rightStart);
  const before = hasLeft ? tagSeparator(leftWs || slot.before).length : 0;
  const after = hasRight ? tagSeparator(rightWs || slot.after).length : 0;
  const without = hasLeft && hasRight ? separator(leftWs + rightWs).length : 0;
  return before + after - without;
}
