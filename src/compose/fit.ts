import type { DraftPart } from '../domain/draft.js';
import type { PlatformProfile } from '../platforms/profile.js';
import { Flow } from './fit/flow.js';
import { measurer } from './fit/measurer.js';
import { numberingWidth, PartLayout } from './fit/part-layout.js';
import { planThread, type PlannedPart } from './fit/plan.js';
import { renderParts, type RenderedThread } from './fit/render.js';
import { extractSlots } from './fit/slots.js';
import { pickHashtags, type ScriptJoiners } from './hashtags.js';

/** What a template's {{ hashtags }} renders to; the fitter fills it with the hashtags that fit. */
export const HASHTAG_SLOT = '\u2063#\u2063';

export interface FitInput {
  /** Text the template rendered, already split at its explicit part markers; usually one element. */
  parts: string[];
  /** The article link; it must appear in the post. */
  url: string;
  /** Ranked candidates like "#CPEC". */
  hashtags: string[];
  /** Cap on thread length (also capped by profile.maxParts). */
  maxParts: number;
  /** Add " 1/3" numbering when the post has more than one part. */
  numbering: boolean;
  /** A smaller limit for the first part, e.g. Telegram's 1024-character photo caption. */
  firstPartLimit?: number;
  /** How the candidates' words were joined, so that they are recognised as the same hashtags. */
  joiners?: ScriptJoiners;
}

/** The parts and how they were made, for tests: `lastResortCuts` is 0 unless planning and layout disagree. */
export type FitReport = RenderedThread;

/** A fresh empty result each time: callers may change the parts they get. */
function nothing(): FitReport {
  return { parts: [], lastResortCuts: 0 };
}

/**
 * Fits rendered template text to a platform: one part when it fits, otherwise a thread split at
 * sentences, then clauses, then words, never inside a word, URL, hashtag, mention or grapheme
 * cluster. Every part fits `profile.fits` for its own limit, the link is in the post, and there
 * are at most min(input.maxParts, profile.maxParts) parts.
 */
export function fitThread(input: FitInput, profile: PlatformProfile): DraftPart[] {
  return fitThreadReport(input, profile).parts;
}

/** `fitThread` with what tests need to see of how the parts were made. */
export function fitThreadReport(input: FitInput, profile: PlatformProfile): FitReport {
  const limit = profile.limit;
  const firstLimit = Math.min(input.firstPartLimit ?? limit, limit);
  const cap = Math.max(1, Math.min(Math.floor(input.maxParts) || 1, profile.maxParts));
  const url = input.url.trim();

  const platformMeasurer = measurer(profile);
  const segments = input.parts.map((raw) => extractSlots(raw, HASHTAG_SLOT));
  const flows = segments.map((segment) => new Flow(segment.text, segment.slots, url, platformMeasurer.measure));
  const addUrl = url !== '' && !flows.some((flow) => flow.text.includes(url));
  const hasSlots = flows.some((flow) => flow.slots.length > 0);
  const hashtags = hasSlots
    ? pickHashtags(input.hashtags, {
        max: profile.maxHashtags,
        text: segments.map((segment) => segment.text).join('\n\n'),
        ...(input.joiners ? { joiners: input.joiners } : {}),
      })
    : [];
  const filled = flows.filter((flow) => !flow.isEmpty);
  const layoutFor = (width: number): PartLayout => new PartLayout(url, width, platformMeasurer);

  const render = (plan: readonly PlannedPart[], layout: PartLayout, strict: boolean): FitReport | undefined =>
    renderParts(flows, plan, layout, { hashtags, strict }, platformMeasurer);
  const whole = (flow: number, start: number, end: number): PlannedPart => ({
    flow,
    start,
    end,
    limit: firstLimit,
    link: addUrl,
    ellipsis: false,
    numbered: false,
  });

  // Numbering width depends on the count it helps decide: reserve one digit, widen at 10+ parts.
  let width = input.numbering ? 1 : 0;
  let layout = layoutFor(width);
  if (filled.length === 0) return (addUrl ? render([whole(-1, 0, 0)], layout, false) : undefined) ?? nothing();
  const only = filled.length === 1 ? filled[0] : undefined;
  if (only) {
    const single = render([whole(flows.indexOf(only), only.start, only.end)], layout, true);
    if (single) return single;
  }
  const planOptions = { cap, firstLimit, limit, addUrl };
  let plan = planThread(flows, planOptions, layout);
  while (width > 0 && plan.length > 1 && numberingWidth(plan.length) > width) {
    width = numberingWidth(plan.length);
    layout = layoutFor(width);
    plan = planThread(flows, planOptions, layout);
  }
  return render(plan, layout, false) ?? nothing();
}
