import { isSafeBreak } from './breaks.js';
import type { DraftPart } from '../../domain/draft.js';
import type { Flow } from './flow.js';
import { longestGraphemePrefix } from './graphemes.js';
import type { Measurer, PlannedPart } from './plan.js';
import { fillSlot, type Placement } from './slots.js';

const ENDS_IN_WORD = /[\p{L}\p{M}\p{N}]$/u;

/** "…" joins a word directly; after punctuation, a link or a hashtag it stands apart. */
function ellipsisAfter(content: string, flow: Flow | undefined, end: number): string {
  if (!ENDS_IN_WORD.test(content)) return ' …';
  if (flow && (flow.isProtected(end - 1) || /[#@$]\S*$/u.test(content) || /https?:\/\/\S*$/u.test(content))) return ' …';
  return '…';
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

/**
 * Writes each planned part: its content, slots filled with the hashtags that still fit (in order,
 * each used once), "…", the link, and "n/m". Everything was reserved while planning except the
 * hashtags, which only take room that is left.
 */
export function renderParts(
  flows: readonly Flow[],
  plan: readonly PlannedPart[],
  o: RenderOptions,
  m: Measurer,
): DraftPart[] {
  const placements = placeSlots(flows, plan);
  const used = new Set<string>();
  const total = plan.length;
  const out: DraftPart[] = [];
  plan.forEach((p, idx) => {
    const flow = flows[p.flow];
    const content = flow ? flow.content(p.start, p.end) : '';
    const numbering = o.numbering && p.numbered && total > 1 ? ` ${idx + 1}/${total}` : '';
    const url = p.url ? o.url : undefined;
    const places = [...(placements[idx] ?? [])].sort((a, b) => a.at - b.at);
    const inner = places.filter((pl) => pl.at < content.length);
    const outer = places.filter((pl) => pl.at >= content.length);
    const picks: string[][] = places.map(() => []);

    const render = (): string => {
      let body = content;
      for (let s = inner.length - 1; s >= 0; s--) {
        const pl = inner[s];
        if (pl) body = fillSlot(body, pl.at, picks[s] ?? [], pl.slot);
      }
      if (p.ellipsis) body += ellipsisAfter(body, flow, p.end);
      outer.forEach((pl, s) => {
        body = fillSlot(body, body.length, picks[inner.length + s] ?? [], pl.slot);
      });
      return assemble(body, url, numbering);
    };

    const ordered = [...inner, ...outer];
    ordered.forEach((_, s) => {
      for (const tag of o.hashtags) {
        if (used.has(tag)) continue;
        const list = picks[s];
        if (!list) break;
        list.push(tag);
        if (m.fits(render(), p.limit)) used.add(tag);
        else list.pop();
      }
    });
    let text = render();
    if (!m.fits(text, p.limit)) text = lastResort(text, p.limit, m);
    if (text.trim() === '') return;
    out.push({ text, length: m.measure(text), limit: p.limit });
  });
  return out;
}

/** Planning reserves room for everything but measures are not additive everywhere; never send over the limit. */
function lastResort(text: string, limit: number, m: Measurer): string {
  const len = longestGraphemePrefix(text, (e) => m.fits(text.slice(0, e), limit));
  let e = len;
  while (e > 0 && !isSafeBreak(text, e)) e--;
  return text.slice(0, e).trim();
}
