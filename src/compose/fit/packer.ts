import type { Flow } from './flow.js';
import { ATOM } from './units.js';

/** The space one part offers: its limit and what will follow the content (ellipsis, link, numbering). */
export interface Room {
  limit: number;
  /** The measure of what follows the content; content estimates are checked against limit minus this. */
  reserveEst: number;
  /** Whether `content` plus what follows it fits, exactly as the platform counts. */
  ok(content: string): boolean;
}

function chooseEnd(flow: Flow, i: number, k: number, room: Room): number {
  const units = flow.units;
  if (k >= units.length - 1) return k;
  // A part may end early at a stronger break (a sentence rather than a word) as long as it is at
  // least half full: readers get whole sentences, threads do not grow by much.
  const half = (room.limit - room.reserveEst) / 2;
  let fill = 0;
  let best = k;
  let bestLevel = units[k + 1]?.level ?? 0;
  const fills: number[] = [];
  for (let j = i; j <= k; j++) {
    const u = units[j];
    if (!u) break;
    fill += (j > i ? u.gap : 0) + u.est;
    fills.push(fill);
  }
  for (let j = k - 1; j >= i; j--) {
    const level = units[j + 1]?.level ?? 0;
    if ((fills[j - i] ?? 0) >= half && level < bestLevel) {
      best = j;
      bestLevel = level;
    }
  }
  if (best === k) return k;
  const first = units[i];
  const last = units[best];
  if (!first || !last || !room.ok(flow.content(first.start, last.end))) return k;
  return best;
}

/**
 * Packs units from `i` into one part and returns the index of its last unit (i - 1 only when the
 * flow ran out). Greedy by estimate, then one exact check; a binary search only when the estimate
 * was too generous. Units that cannot fit even alone are refined (sentence → clauses → words) and
 * an atom that still cannot is cut.
 */
export function packPart(flow: Flow, i: number, room: Room): number {
  for (;;) {
    const units = flow.units;
    const first = units[i];
    if (!first) return i - 1;
    let k = i - 1;
    let cum = 0;
    while (k + 1 < units.length) {
      const u = units[k + 1];
      if (!u) break;
      const add = (k + 1 > i ? u.gap : 0) + u.est;
      if (cum + add + room.reserveEst <= room.limit) {
        cum += add;
        k++;
      } else if (u.kind !== ATOM && u.est + room.reserveEst > room.limit) {
        flow.refine(k + 1);
      } else {
        break;
      }
    }
    const head = units[i];
    if (!head) return i - 1;
    if (k < i) {
      if (Number.isFinite(head.est) && room.ok(flow.content(head.start, head.end))) return i;
      if (head.kind === ATOM) flow.cut(i, room.ok);
      else flow.refine(i);
      continue;
    }
    const contentTo = (j: number): string => flow.content(head.start, units[j]?.end ?? head.end);
    if (!room.ok(contentTo(k))) {
      let good = i - 1;
      let bad = k;
      while (bad - good > 1) {
        const mid = (good + bad) >> 1;
        if (room.ok(contentTo(mid))) good = mid;
        else bad = mid;
      }
      if (good < i) {
        if (head.kind === ATOM) flow.cut(i, room.ok);
        else flow.refine(i);
        continue;
      }
      k = good;
    }
    return chooseEnd(flow, i, k, room);
  }
}
