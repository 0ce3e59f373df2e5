import type { Flow } from './flow.js';
import { packPart, type Room } from './packer.js';
import type { Decorations, PartLayout } from './part-layout.js';

/** One part of the thread before hashtags and numbering are written into it. */
export interface PlannedPart extends Decorations {
  /** Index of the flow the content comes from; -1 for a part with none. */
  flow: number;
  /** Content range in the flow's text. */
  start: number;
  end: number;
  limit: number;
}

export interface PlanOptions {
  cap: number;
  firstLimit: number;
  limit: number;
  /** The link must be added to the first part (the template did not place it). */
  addUrl: boolean;
}

interface SizedRoom extends Room {
  decorations: Decorations;
}

/**
 * Splits the flows into at most `cap` parts. The last allowed part, when text remains after it,
 * ends with an ellipsis and the link.
 */
export function planThread(flows: readonly Flow[], options: PlanOptions, layout: PartLayout): PlannedPart[] {
  const room = (limit: number, wanted: Decorations): SizedRoom => {
    const reservation = layout.reserve(limit, wanted);
    return { limit, reserveEst: reservation.measure, ok: reservation.fits, decorations: reservation.decorations };
  };

  const parts: PlannedPart[] = [];
  const push = (flowIndex: number, flow: Flow, firstUnit: number, lastUnit: number, sized: SizedRoom): void => {
    const units = flow.units;
    parts.push({
      flow: flowIndex,
      start: units[firstUnit]?.start ?? flow.start,
      end: units[lastUnit]?.end ?? flow.end,
      limit: sized.limit,
      ...sized.decorations,
    });
  };
  const moreAfter = (flowIndex: number): boolean => flows.slice(flowIndex + 1).some((later) => later.units.length > 0);

  for (let flowIndex = 0; flowIndex < flows.length; flowIndex++) {
    const flow = flows[flowIndex];
    if (!flow) continue;
    let firstUnit = 0;
    while (firstUnit < flow.units.length) {
      const partIndex = parts.length;
      const limit = partIndex === 0 ? options.firstLimit : options.limit;
      const link = partIndex === 0 && options.addUrl;
      let sized = room(limit, { ellipsis: false, link, numbered: true });
      let lastUnit = packPart(flow, firstUnit, sized);
      if (lastUnit < firstUnit) break;
      const complete = lastUnit >= flow.units.length - 1 && !moreAfter(flowIndex);
      if (partIndex === options.cap - 1 && !complete) {
        sized = room(limit, { ellipsis: true, link, numbered: true });
        lastUnit = packPart(flow, firstUnit, sized);
        const start = flow.units[firstUnit]?.start ?? flow.start;
        const end = flow.units[lastUnit]?.end ?? flow.end;
        if (!sized.decorations.link && layout.link !== '' && !flow.content(start, end).includes(layout.link)) {
          sized = room(limit, { ellipsis: true, link: true, numbered: true });
          lastUnit = packPart(flow, firstUnit, sized);
        }
        if (lastUnit >= firstUnit) push(flowIndex, flow, firstUnit, lastUnit, sized);
        return parts;
      }
      push(flowIndex, flow, firstUnit, lastUnit, sized);
      firstUnit = lastUnit + 1;
    }
  }
  return parts;
}
