import type { DraftPart } from '../domain/draft.js';
import type { PlatformProfile } from '../platforms/profile.js';
import { NUMBERING_MARK, numberingMark } from './fit/part-layout.js';

const HASHTAG = /[#＃][\p{L}\p{M}\p{N}_]+/gu;

/** What a part says besides the link, its hashtags and its numbering. */
function substance(text: string, url: string): string {
  return text
    .replace(NUMBERING_MARK, '')
    .split(url)
    .join(' ')
    .replace(HASHTAG, ' ')
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** Whether a part carries something to read: not only a link, hashtags or "2/2". */
export function hasSubstance(text: string, url: string): boolean {
  return substance(text, url) !== '';
}

/**
 * Drops parts that would be only a link, hashtags or numbering, and renumbers what is left
 * (numbers only shrink, so every part still fits).
 */
export function dropEmptyParts(parts: DraftPart[], url: string, profile: PlatformProfile): DraftPart[] {
  const kept = parts.filter((part, index) => index === 0 || hasSubstance(part.text, url));
  if (kept.length === parts.length) return parts;
  const numbered = kept.length > 0 && kept.every((part) => NUMBERING_MARK.test(part.text));
  return kept.map((part, index) => {
    let text = part.text;
    if (numbered) text = kept.length > 1 ? text.replace(NUMBERING_MARK, numberingMark({ index, total: kept.length })) : text.replace(NUMBERING_MARK, '');
    return text === part.text ? part : { ...part, text, length: profile.measure(text) };
  });
}
