import type { DraftPart } from '../../domain/draft.js';
import { isSafeBreak } from './breaks.js';
import type { Flow } from './flow.js';
import { longestGraphemePrefix } from './graphemes.js';
import type { Measurer } from './measurer.js';
import type { PlannedPart } from './plan.js';
import { fillSlot, slotOverhead, type Placement } from './slots.js';

const ENDS_IN_WORD = /[\p{L}\p{M}\p{N}]$/u;
const ENDS_IN_TOKEN = /(?:[#@$＃＠]|https?:\/\/)\S*$/u;

/** "…" joins a word directly; after punctuation, a link, a hashtag or a mention it stands apart. */
function ellipsisAfter(content: string): string {
  return ENDS_IN_WORD.test(content) && !ENDS_IN_TOKEN.test(content) ? '…' : ' …';
}

/** Which part each flow's slots belong to: the part around them, else the part before. */
export function placeSlots(flows: readonly Flow[], plan: readonly PlannedPart[]): Placement[][] {
  const out: Placement[][] = plan.map(() => []);
  let lastPart = -1;
  flows.forEach((flow, f) => {
    const mine: number[] = [];
    plan.forEach((p, idx) => {
      if (p.flow === f) mine.push(idx);
    });
    for (const slot of flow.slots) {
      let target = -1;
      let at = Number.POSITIVE_INFINITY;
      for (const idx of mine) {
        const p = plan[idx];
        if (!p) continue;
        if (slot.at < p.start) {
          if (target < 0) {
            target = idx;
            at = 0;
          }
          break;
        }
        target = idx;
        at = slot.at < p.end ? slot.at - p.start : Number.POSITIVE_INFINITY;
      }
      if (target < 0) {
        target = lastPart >= 0 ? lastPart : 0;
        at = lastPart >= 0 ? Number.POSITIVE_INFINITY : 0;
      }
      out[target]?.push({ at, slot });
    }
    const last = mine[mine.length - 1];
    if (last !== undefined) lastPart = last;
  });
  return out;
}

function assemble(body: string, url: string | undefined, numbering: string): string {
  const text = body === '' ? (url ?? '') : url === undefined ? body : `${body}\n${url}`;
  return text + numbering;
}

export interface RenderOptions {
  url: string;
  numbering: boolean;
  hashtags: readonly string[];
}

/** Never send over the limit, whatever went wrong in planning: cut at the last cluster that fits. */
function lastResort(text: string, limit: number, m: Measurer): string {
  let e = longestGraphemePrefix(text, (end) => m.fits(text.slice(0, end), limit));
  while (e > 0 && !isSafeBreak(text, e)) e--;
  return text.slice(0, e).trim();
}

/**
 * Writes each planned part: content, slots filled with the hashtags that still fit (in order, each
 * used once in the thread), "…", the link and "n/m". Planning reserved room for all but the
 * hashtags, which take only what is left. With `strict`, returns undefined instead of cutting
 * when a part does not fit (the caller then plans a thread).
 */
export function renderParts(
  flows: readonly Flow[],
  plan: readonly PlannedPart[],
  o: RenderOptions,
  m: Measurer,
  strict = false,
): DraftPart[] | undefined {
  const placements = placeSlots(flows, plan);
  const used = new Set<string>();
  const total = plan.length;
  const out: DraftPart[] = [];
  for (let idx = 0; idx < plan.length; idx++) {
    const p = plan[idx];
    if (!p) continue;
    const flow = flows[p.flow];
    const content = flow ? flow.content(p.start, p.end) : '';
    const numbering = o.numbering && p.numbered && total > 1 ? ` ${idx + 1}/${total}` : '';
    const url = p.url ? o.url : undefined;
    const places = [...(placements[idx] ?? [])].sort((a, b) => a.at - b.at);
    const inner = places.filter((pl) => pl.at < content.length);
    const outer = places.filter((pl) => pl.at >= content.length);
    const ordered = [...inner, ...outer];
    const picks: string[][] = ordered.map(() => []);

    const render = (): string => {
      let body = content;
      for (let s = inner.length - 1; s >= 0; s--) {
        const pl = inner[s];
        if (pl) body = fillSlot(body, pl.at, picks[s] ?? [], pl.slot);
      }
      if (p.ellipsis) body += ellipsisAfter(body);
      outer.forEach((pl, s) => {
        body = fillSlot(body, body.length, picks[inner.length + s] ?? [], pl.slot);
      });
      return assemble(body, url, numbering);
    };

    let text = render();
    let length = m.lengthIfFits(text, p.limit);
    if (length === undefined) {
      if (strict) return undefined;
      text = lastResort(text, p.limit, m);
      length = m.measure(text);
    } else if (ordered.length > 0 && used.size < o.hashtags.length) {
      // Choose by estimate (white space counts one everywhere, hashtags add up), check once.
      let room = p.limit - length;
      const chosen: Array<[number, string]> = [];
      ordered.forEach((pl, s) => {
        const at = s < inner.length ? pl.at : content.length;
        const overhead = slotOverhead(content, Math.min(at, content.length), pl.slot);
        for (const tag of o.hashtags) {
          if (used.has(tag)) continue;
          const first = (picks[s]?.length ?? 0) === 0;
          const cost = m.measure(` ${tag}`) + (first ? overhead - 1 : 0);
          if (cost > room) continue;
          picks[s]?.push(tag);
          used.add(tag);
          chosen.push([s, tag]);
          room -= cost;
        }
      });
      if (chosen.length > 0) {
        for (;;) {
          const candidate = render();
          const n = m.lengthIfFits(candidate, p.limit);
          if (n !== undefined) {
            text = candidate;
            length = n;
            break;
          }
          const dropped = chosen.pop();
          if (!dropped) break;
          picks[dropped[0]]?.pop();
          used.delete(dropped[1]);
        }
      }
    }
    if (text.trim() === '') continue;
    out.push({ text, length, limit: p.limit });
  }
  return out;
}
