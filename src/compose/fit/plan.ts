import type { Flow } from './flow.js';
import type { Measurer } from './measurer.js';
import { packPart, type Room } from './packer.js';

/** One part of the thread before hashtags and numbering are written into it. */
export interface PlannedPart {
  flow: number;
  /** Content range in the flow's text. */
  start: number;
  end: number;
  limit: number;
  /** The article link goes on its own line after the content. */
  url: boolean;
  /** The thread was cut short here: the content ends with "…". */
  ellipsis: boolean;
  numbered: boolean;
}

export interface PlanOptions {
  cap: number;
  firstLimit: number;
  limit: number;
  url: string;
  /** The link must be added to the first part (the template did not place it). */
  addUrl: boolean;
  /** Digits reserved for "n/m" numbering; 0 for none. */
  numberingWidth: number;
}

/** The widest ellipsis the renderer writes; it writes "…" alone after a word. */
export const ELLIPSIS_RESERVE = ' …';

interface Want {
  ellipsis: boolean;
  url: boolean;
  numbering: string;
}

interface SizedRoom extends Room {
  url: boolean;
  ellipsis: boolean;
  numbered: boolean;
}

function reserveText(url: string, w: Want): string {
  return (w.ellipsis ? ELLIPSIS_RESERVE : '') + (w.url ? `\n${url}` : '') + w.numbering;
}

/**
 * Splits the flows into at most `cap` parts. The last allowed part, when text remains after it,
 * ends with an ellipsis and the link.
 */
export function planThread(flows: readonly Flow[], o: PlanOptions, m: Measurer): PlannedPart[] {
  const measured = new Map<string, number>();
  const feasible = new Map<string, boolean>();
  const numbering = o.numberingWidth > 0 ? ` ${'9'.repeat(o.numberingWidth)}/${'9'.repeat(o.numberingWidth)}` : '';

  const room = (limit: number, want: Want): SizedRoom => {
    const w = { ...want };
    let reserve = reserveText(o.url, w);
    // What cannot fit even beside one character (a link longer than a whole post) is given up,
    // link first, so that the text itself still goes out.
    for (;;) {
      const key = `${limit}\u0000${reserve}`;
      let can = feasible.get(key);
      if (can === undefined) {
        can = reserve === '' || m.fits(`x${reserve}`, limit);
        feasible.set(key, can);
      }
      if (can) break;
      if (w.url) w.url = false;
      else if (w.numbering !== '') w.numbering = '';
      else w.ellipsis = false;
      reserve = reserveText(o.url, w);
    }
    let reserveEst = measured.get(reserve);
    if (reserveEst === undefined) {
      reserveEst = reserve === '' ? 0 : m.measure(reserve);
      measured.set(reserve, reserveEst);
    }
    return {
      limit,
      reserveEst,
      ok: (content) => m.fits(content + reserve, limit),
      url: w.url,
      ellipsis: w.ellipsis,
      numbered: w.numbering !== '',
    };
  };

  const parts: PlannedPart[] = [];
  const push = (f: number, flow: Flow, i: number, j: number, r: SizedRoom): void => {
    const units = flow.units;
    parts.push({
      flow: f,
      start: units[i]?.start ?? flow.start,
      end: units[j]?.end ?? flow.end,
      limit: r.limit,
      url: r.url,
      ellipsis: r.ellipsis,
      numbered: r.numbered,
    });
  };
  const moreAfter = (f: number): boolean => flows.slice(f + 1).some((fl) => fl.units.length > 0);

  for (let f = 0; f < flows.length; f++) {
    const flow = flows[f];
    if (!flow) continue;
    let i = 0;
    while (i < flow.units.length) {
      const p = parts.length;
      const limit = p === 0 ? o.firstLimit : o.limit;
      const addUrl = p === 0 && o.addUrl;
      let r = room(limit, { ellipsis: false, url: addUrl, numbering });
      let j = packPart(flow, i, r);
      if (j < i) break;
      const complete = j >= flow.units.length - 1 && !moreAfter(f);
      if (p === o.cap - 1 && !complete) {
        r = room(limit, { ellipsis: true, url: addUrl, numbering });
        j = packPart(flow, i, r);
        const start = flow.units[i]?.start ?? flow.start;
        const end = flow.units[j]?.end ?? flow.end;
        if (!r.url && o.url !== '' && !flow.content(start, end).includes(o.url)) {
          r = room(limit, { ellipsis: true, url: true, numbering });
          j = packPart(flow, i, r);
        }
        if (j >= i) push(f, flow, i, j, r);
        return parts;
      }
      push(f, flow, i, j, r);
      i = j + 1;
    }
  }
  return parts;
}
