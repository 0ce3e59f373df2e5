import { twitterText } from '../twitter-text.js';
import { countInPieces, graphemeLength } from '../counting.js';
import { simpleProfile, type PlatformProfile } from '../profile.js';

/** What an instance allows, from its /api/v2/instance `configuration.statuses`. */
export interface MastodonLimits {
  maxCharacters: number;
  charactersReservedPerUrl: number;
}

/** Mastodon's own defaults, used until (or unless) the instance says otherwise. */
export const MASTODON_DEFAULT_LIMITS: MastodonLimits = { maxCharacters: 500, charactersReservedPerUrl: 23 };

/**
 * Mastodon's mention grammar (Account::MENTION_RE): `@user` or `@user@domain`, not after a word
 * character, `=` or `/`. The server counts `@user@domain` as `@user`.
 */
const MENTION = /(?<![=/\p{L}\p{M}\p{N}_])@([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)(@[\p{L}\p{M}\p{N}_]+(?:[.-]+[\p{L}\p{M}\p{N}_]+)*)?/giu;

interface Span {
  start: number;
  end: number;
  replacement: string;
}

/**
 * The text as Mastodon's StatusLengthValidator counts it: every URL (twitter-text's extractor,
 * without protocol-less URLs, as Mastodon calls it) replaced by `reserved` placeholder
 * characters, every remote mention shortened to its local part. Overlaps go to the earlier entity.
 */
export function mastodonCountableText(text: string, reserved: number): string {
  const spans: Span[] = [];
  const placeholder = 'x'.repeat(reserved);
  for (const u of twitterText.extractUrlsWithIndices(text, { extractUrlsWithoutProtocol: false })) {
    spans.push({ start: u.indices[0], end: u.indices[1], replacement: placeholder });
  }
  if (text.includes('@')) {
    for (const m of text.matchAll(MENTION)) {
      if (m[2] === undefined) continue;
      const start = m.index;
      spans.push({ start, end: start + m[0].length, replacement: `@${m[1] ?? ''}` });
    }
  }
  if (spans.length === 0) return text;
  spans.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;
    out += text.slice(at, s.start) + s.replacement;
    at = s.end;
  }
  return out + text.slice(at);
}

/** Characters Mastodon counts: grapheme clusters of the countable text. */
export function mastodonLength(text: string, limits: MastodonLimits = MASTODON_DEFAULT_LIMITS): number {
  return countInPieces(text, 4096, (piece) => graphemeLength(mastodonCountableText(piece, limits.charactersReservedPerUrl)));
}

/** A profile for one instance's limits; posts are fitted and reported by the server's own count. */
export function mastodonProfileFor(limits: MastodonLimits): PlatformProfile {
  return simpleProfile({
    id: 'mastodon',
    limit: limits.maxCharacters,
    measure: (text) => mastodonLength(text, limits),
    maxParts: 25,
    maxHashtags: 4,
    unfurlsLinks: true,
  });
}

export const mastodonProfile = mastodonProfileFor(MASTODON_DEFAULT_LIMITS);
