import type { DraftPart } from '../../domain/draft.js';
import { isSafeBreak } from './breaks.js';
import type { Flow } from './flow.js';
import { longestGraphemePrefix } from './graphemes.js';
import type { Measurer } from './measurer.js';
import type { PartLayout } from './part-layout.js';
import type { PlannedPart } from './plan.js';
import { fillSlot, slotOverhead, type Placement } from './slots.js';

/** Which part each flow's slots belong to: the part around them, else the part before. */
export function placeSlots(flows: readonly Flow[], plan: readonly PlannedPart[]): Placement[][] {
  const placements: Placement[][] = plan.map(() => []);
  let lastPart = -1;
  flows.forEach((flow, flowIndex) => {
    const mine: number[] = [];
    plan.forEach((planned, partIndex) => {
      if (planned.flow === flowIndex) mine.push(partIndex);
    });
    for (const slot of flow.slots) {
      let target = -1;
      let at = Number.POSITIVE_INFINITY;
      for (const partIndex of mine) {
        const planned = plan[partIndex];
        if (!planned) continue;
        if (slot.at < planned.start) {
          if (target < 0) {
            target = partIndex;
            at = 0;
          }
          break;
        }
        target = partIndex;
        at = slot.at < planned.end ? slot.at - planned.start : Number.POSITIVE_INFINITY;
      }
      if (target < 0) {
        target = lastPart >= 0 ? lastPart : 0;
        at = lastPart >= 0 ? Number.POSITIVE_INFINITY : 0;
      }
      placements[target]?.push({ at, slot });
    }
    const last = mine[mine.length - 1];
    if (last !== undefined) lastPart = last;
  });
  return placements;
}

export interface RenderOptions {
  hashtags: readonly string[];
  /** Return undefined instead of cutting when a part does not fit (the caller then plans a thread). */
  strict: boolean;
}

export interface RenderedThread {
  parts: DraftPart[];
  /** Parts cut at their limit because they did not fit as planned: 0 while planning and layout agree. */
  lastResortCuts: number;
}

/** Never send over the limit, whatever went wrong in planning: cut at the last cluster that fits. */
function lastResort(text: string, limit: number, measurer: Measurer): string {
  let end = longestGraphemePrefix(text, (prefixEnd) => measurer.fits(text.slice(0, prefixEnd), limit));
  while (end > 0 && !isSafeBreak(text, end)) end--;
  return text.slice(0, end).trim();
}

/**
 * Writes each planned part: content, slots filled with the hashtags that still fit (in order, each
 * used once in the thread), then the layout's "…", link and "n/m". Planning reserved room for all
 * but the hashtags, which take only what is left.
 */
export function renderParts(
  flows: readonly Flow[],
  plan: readonly PlannedPart[],
  layout: PartLayout,
  options: RenderOptions,
  measurer: Measurer,
): RenderedThread | undefined {
  const placements = placeSlots(flows, plan);
  const used = new Set<string>();
  const total = plan.length;
  const parts: DraftPart[] = [];
  let lastResortCuts = 0;
  for (let index = 0; index < plan.length; index++) {
    const planned = plan[index];
    if (!planned) continue;
    const flow = flows[planned.flow];
    const content = flow ? flow.content(planned.start, planned.end) : '';
    const places = [...(placements[index] ?? [])].sort((left, right) => left.at - right.at);
    const inner = places.filter((place) => place.at < content.length);
    const outer = places.filter((place) => place.at >= content.length);
    const ordered = [...inner, ...outer];
    const picks: string[][] = ordered.map(() => []);

    const fillTrailing = (ended: string): string =>
      outer.reduce((text, place, outerIndex) => fillSlot(text, text.length, picks[inner.length + outerIndex] ?? [], place.slot), ended);
    const render = (): string => {
      let body = content;
      for (let slotIndex = inner.length - 1; slotIndex >= 0; slotIndex--) {
        const place = inner[slotIndex];
        if (place) body = fillSlot(body, place.at, picks[slotIndex] ?? [], place.slot);
      }
      return layout.write(body, planned, { index, total }, fillTrailing);
    };

    let text = render();
    let length = measurer.lengthIfFits(text, planned.limit);
    if (length === undefined) {
      if (options.strict) return undefined;
      text = lastResort(text, planned.limit, measurer);
      lastResortCuts++;
      length = measurer.measure(text);
    } else if (ordered.length > 0 && used.size < options.hashtags.length) {
      // Choose by estimate (white space counts one everywhere, hashtags add up), check once.
      let spare = planned.limit - length;
      const chosen: Array<{ slotIndex: number; tag: string }> = [];
      ordered.forEach((place, slotIndex) => {
        const at = slotIndex < inner.length ? place.at : content.length;
        const overhead = slotOverhead(content, Math.min(at, content.length), place.slot);
        for (const tag of options.hashtags) {
          if (used.has(tag)) continue;
          const first = (picks[slotIndex]?.length ?? 0) === 0;
          const cost = measurer.measure(` ${tag}`) + (first ? overhead - 1 : 0);
          if (cost > spare) continue;
          picks[slotIndex]?.push(tag);
          used.add(tag);
          chosen.push({ slotIndex, tag });
          spare -= cost;
        }
      });
      if (chosen.length > 0) {
        for (;;) {
          const candidate = render();
          const candidateLength = measurer.lengthIfFits(candidate, planned.limit);
          if (candidateLength !== undefined) {
            text = candidate;
            length = candidateLength;
            break;
          }
          const dropped = chosen.pop();
          if (!dropped) break;
          picks[dropped.slotIndex]?.pop();
          used.delete(dropped.tag);
        }
      }
    }
    if (text.trim() === '') continue;
    parts.push({ text, length, limit: planned.limit });
  }
  return { parts, lastResortCuts };
}
