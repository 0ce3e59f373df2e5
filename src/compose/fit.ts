import type { DraftPart } from '../domain/draft.js';
import type { PlatformProfile } from '../platforms/profile.js';
import { Flow } from './fit/flow.js';
import { measurer } from './fit/measurer.js';
import { planThread, type PlannedPart } from './fit/plan.js';
import { renderParts } from './fit/render.js';
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

function digits(n: number): number {
  return String(n).length;
}

/**
 * Fits rendered template text to a platform: one part when it fits, otherwise a thread split at
 * sentences, then clauses, then words, never inside a word, URL, hashtag, mention or grapheme
 * cluster. Every part fits `profile.fits` for its own limit, the link is in the post, and there
 * are at most min(input.maxParts, profile.maxParts) parts.
 */
export function fitThread(input: FitInput, profile: PlatformProfile): DraftPart[] {
  const limit = profile.limit;
  const firstLimit = Math.min(input.firstPartLimit ?? limit, limit);
  const cap = Math.max(1, Math.min(Math.floor(input.maxParts) || 1, profile.maxParts));
  const url = input.url.trim();

  const m = measurer(profile);
  const segments = input.parts.map((raw) => extractSlots(raw, HASHTAG_SLOT));
  const flows = segments.map((s) => new Flow(s.text, s.slots, url, m.measure));
  const addUrl = url !== '' && !flows.some((f) => f.text.includes(url));
  const hasSlots = flows.some((f) => f.slots.length > 0);
  const hashtags = hasSlots
    ? pickHashtags(input.hashtags, {
        max: profile.maxHashtags,
        text: segments.map((s) => s.text).join('\n\n'),
        ...(input.joiners ? { joiners: input.joiners } : {}),
      })
    : [];
  const filled = flows.filter((f) => !f.isEmpty);

  const render = (plan: readonly PlannedPart[], strict: boolean): DraftPart[] | undefined =>
    renderParts(flows, plan, { url, numbering: input.numbering, hashtags }, m, strict);
  const whole = (flow: number, start: number, end: number): PlannedPart => ({
    flow,
    start,
    end,
    limit: firstLimit,
    url: addUrl,
    ellipsis: false,
    numbered: false,
  });

  if (filled.length === 0) return addUrl ? (render([whole(-1, 0, 0)], false) ?? []) : [];
  const only = filled.length === 1 ? filled[0] : undefined;
  if (only) {
    const single = render([whole(flows.indexOf(only), only.start, only.end)], true);
    if (single) return single;
  }
  // Numbering width depends on the count it helps decide: reserve one digit, widen at 10+ parts.
  let width = input.numbering ? 1 : 0;
  let plan = planThread(flows, { cap, firstLimit, limit, url, addUrl, numberingWidth: width }, m);
  while (width > 0 && plan.length > 1 && digits(plan.length) > width) {
    width = digits(plan.length);
    plan = planThread(flows, { cap, firstLimit, limit, url, addUrl, numberingWidth: width }, m);
  }
  return render(plan, false) ?? [];
}
