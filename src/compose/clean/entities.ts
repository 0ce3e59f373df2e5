import { decodeHTML } from 'entities';

const ENTITY = /&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);/i;

/**
 * CMSes encode text twice ("&amp;amp;"): intake decodes once, so a follower would still see
 * "&amp;". Decoding repeats until nothing changes (bounded: five layers is already pathological).
 */
export function decodeEntities(text: string): string {
  let current = text;
  for (let i = 0; i < 5 && ENTITY.test(current); i++) {
    const next = decodeHTML(current);
    if (next === current) break;
    current = next;
  }
  return current;
}
