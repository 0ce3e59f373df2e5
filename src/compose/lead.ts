import type { DraftPart } from '../domain/draft.js';
import type { PlatformProfile } from '../platforms/profile.js';
import { fitThread, HASHTAG_SLOT } from './fit.js';
import { numberingReserve, numberingWidth, withLinkLine } from './fit/part-layout.js';
import { extractSlots, fillSlot } from './fit/slots.js';
import type { ScriptJoiners } from './hashtags.js';
import { dropEmptyParts, hasSubstance } from './part-check.js';
import { joinSentences } from './sentences.js';

/** THREAD_MODE: never thread; thread only where the template asks ({% part %}); or also when the summary does not fit. */
export type ThreadMode = 'never' | 'template' | 'auto';
export const THREAD_MODES: readonly ThreadMode[] = ['never', 'template', 'auto'];

export interface LeadInput {
  /** The template's parts (split at {% part %}) for a given summary text. */
  render(summary: string): string[];
  /** The summary the template gets at first (one or two dek sentences), as sentences. */
  leadSentences: readonly string[];
  /** Every dek sentence: what an `auto` thread may carry on after the lead. */
  allSentences: readonly string[];
  /** The link as shown in the text. */
  url: string;
  hashtags: string[];
  joiners: ScriptJoiners;
  maxParts: number;
  numbering: boolean;
  firstPartLimit?: number;
  threadMode: ThreadMode;
}

/** The lead part as it goes out with no hashtags: the slots emptied, the link added when the template left it out. */
function bareLead(lead: string, url: string): string {
  const { text, slots } = extractSlots(lead, HASHTAG_SLOT);
  let body = text;
  for (let slotIndex = slots.length - 1; slotIndex >= 0; slotIndex--) {
    const slot = slots[slotIndex];
    if (slot) body = fillSlot(body, slot.at, [], slot);
  }
  body = body.trim();
  return withUrl(body, url);
}

function withUrl(lead: string, url: string): string {
  return lead.includes(url) ? lead : withLinkLine(lead, url);
}

/**
 * The lead post is the headline (or the template's hook) and the link, always. When the lead
 * part is too long, hashtags go first (the fitter only gives them room that is left), then the
 * summary loses whole sentences from its end, then it goes; a headline too long even alone is
 * cut at a word with "…" before the link. The rest of the thread is the template's own parts
 * ({% part %}), and with `auto` the summary sentences the lead had no room for.
 */
export function fitLead(input: LeadInput, profile: PlatformProfile): DraftPart[] {
  const url = input.url;
  const cap = input.threadMode === 'never' ? 1 : Math.max(1, Math.min(Math.floor(input.maxParts) || 1, profile.maxParts));
  const limit = Math.min(input.firstPartLimit ?? profile.limit, profile.limit);
  const fit = (parts: string[], maxParts: number): DraftPart[] =>
    dropEmptyParts(
      fitThread(
        {
          parts,
          url,
          hashtags: input.hashtags,
          maxParts,
          numbering: input.numbering,
          joiners: input.joiners,
          ...(input.firstPartLimit !== undefined ? { firstPartLimit: input.firstPartLimit } : {}),
        },
        profile,
      ),
      url,
      profile,
    );

  const available = input.leadSentences.length;
  for (let kept = available; kept >= 0; kept--) {
    const rendered = input.render(joinSentences(input.leadSentences.slice(0, kept)));
    const lead = rendered[0] ?? '';
    if (!hasSubstance(lead.split(HASHTAG_SLOT).join(''), url)) continue;
    const rest = cap > 1 ? rendered.slice(1).filter((part) => hasSubstance(part.split(HASHTAG_SLOT).join(''), url)) : [];
    const carried = input.threadMode === 'auto' && kept < available ? joinSentences(input.allSentences.slice(kept)) : '';
    const parts = [lead, ...(carried !== '' ? [carried] : []), ...rest];
    const threaded = parts.length > 1 && cap > 1;
    const numbering = threaded && input.numbering ? numberingReserve(numberingWidth(cap)) : '';
    if (!profile.fits(bareLead(lead, url) + numbering, limit)) continue;
    const fitted = fit([withUrl(lead, url), ...parts.slice(1)], threaded ? cap : 1);
    if (fitted[0]?.text.includes(url)) return fitted;
  }
  // Not even the headline and the link fit in one post: the headline is cut, the link stays.
  const bare = input.render('')[0] ?? '';
  return fit([withUrl(bare, url)], 1);
}
