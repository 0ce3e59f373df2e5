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
  pieces.forEach((piece, i) => {
    if (i > 0) positions.push(text.length);
    text += piece;
  });
  const slots = positions.map((marked) => {
    // A slot between a letter and its combining mark would split the cluster when filled.
    let at = marked;
    while (at < text.length && !isSafeBreak(text, at)) at++;
    let b = at;
    while (b > 0 && isSpaceCode(text.charCodeAt(b - 1))) b--;
    let a = at;
    while (a < text.length && isSpaceCode(text.charCodeAt(a))) a++;
    return { at, before: text.slice(b, at), after: text.slice(at, a) };
  });
  return { text, slots };
}

/** One separator for a run of white space: a blank line, a line break, a space, or nothing. */
function separator(ws: string): string {
  const newlines = ws.split('\n').length - 1;
  if (newlines >= 2) return '\n\n';
  if (newlines === 1) return '\n';
  return ws === '' ? '' : ' ';
}

/** Hashtags glued to a word would merge with it: they need at least a space. */
function tagSeparator(ws: string): string {
  return separator(ws) || ' ';
}

function trimmedEnd(text: string, to: number): number {
  let e = to;
  while (e > 0 && isSpaceCode(text.charCodeAt(e - 1))) e--;
  while (e < to && !isSafeBreak(text, e)) e++;
  return e;
}

function trimmedStart(text: string, from: number): number {
  let s = from;
  while (s < text.length && isSpaceCode(text.charCodeAt(s))) s++;
  while (s > from && !isSafeBreak(text, s)) s--;
  return s;
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
