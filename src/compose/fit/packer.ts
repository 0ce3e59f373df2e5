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

function chooseEnd(flow: Flow, firstUnit: number, lastFitting: number, room: Room): number {
  const units = flow.units;
  if (lastFitting >= units.length - 1) return lastFitting;
  // A part may end early at a stronger break (a sentence rather than a word) as long as it is at
  // least half full: readers get whole sentences, threads do not grow by much.
  const half = (room.limit - room.reserveEst) / 2;
  let fill = 0;
  let best = lastFitting;
  let bestLevel = units[lastFitting + 1]?.level ?? 0;
  const fills: number[] = [];
  for (let unitIndex = firstUnit; unitIndex <= lastFitting; unitIndex++) {
    const unit = units[unitIndex];
    if (!unit) break;
    fill += (unitIndex > firstUnit ? unit.gap : 0) + unit.est;
    fills.push(fill);
  }
  for (let endIndex = lastFitting - 1; endIndex >= firstUnit; endIndex--) {
    const level = units[endIndex + 1]?.level ?? 0;
    if ((fills[endIndex - firstUnit] ?? 0) >= half && level < bestLevel) {
      best = endIndex;
      bestLevel = level;
    }
  }
  if (best === lastFitting) return lastFitting;
  const first = units[firstUnit];
  const last = units[best];
  if (!first || !last || !room.ok(flow.content(first.start, last.end))) return lastFitting;
  return best;
}

/**
 * Packs units from `firstUnit` into one part and returns the index of its last unit (firstUnit - 1
 * only when the flow ran out). Greedy by estimate, then one exact check; a binary search only when
 * the estimate was too generous. Units that cannot fit even alone are refined (sentence → clauses
 * → words) and an atom that still cannot is cut.
 */
export function packPart(flow: Flow, firstUnit: number, room: Room): number {
  for (;;) {
    const units = flow.units;
    const first = units[firstUnit];
    if (!first) return firstUnit - 1;
    let lastUnit = firstUnit - 1;
    let estimate = 0;
    while (lastUnit + 1 < units.length) {
      const next = units[lastUnit + 1];
      if (!next) break;
      const added = (lastUnit + 1 > firstUnit ? next.gap : 0) + next.est;
      if (estimate + added + room.reserveEst <= room.limit) {
        estimate += added;
        lastUnit++;
      } else if (next.kind !== ATOM && next.est + room.reserveEst > room.limit) {
        flow.refine(lastUnit + 1);
      } else {
        break;
      }
    }
    const head = units[firstUnit];
    if (!head) return firstUnit - 1;
    if (lastUnit < firstUnit) {
      if (Number.isFinite(head.est) && room.ok(flow.content(head.start, head.end))) return firstUnit;
      if (head.kind === ATOM) flow.cut(firstUnit, room.ok);
      else flow.refine(firstUnit);
      continue;
    }
    const contentTo = (endIndex: number): string => flow.content(head.start, units[endIndex]?.end ?? head.end);
    if (!room.ok(contentTo(lastUnit))) {
      let good = firstUnit - 1;
      let bad = lastUnit;
      while (bad - good > 1) {
        const middle = (good + bad) >> 1;
        if (room.ok(contentTo(middle))) good = middle;
        else bad = middle;
      }
      if (good < firstUnit) {
        if (head.kind === ATOM) flow.cut(firstUnit, room.ok);
        else flow.refine(firstUnit);
        continue;
      }
      lastUnit = good;
    }
    return chooseEnd(flow, firstUnit, lastUnit, room);
  }
}
