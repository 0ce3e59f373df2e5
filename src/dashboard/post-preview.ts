import type { Draft } from '../domain/draft.js';
import type { PlatformProfile } from '../platforms/profile.js';
import { PROFILES } from '../platforms/profiles.js';
import type { PostRecord } from '../posts/post.js';
import { countPart, type PartCount } from './part-count.js';
import { PLATFORM_LABELS } from './post-words.js';

export interface PreviewPart extends PartCount {
  index: number;
  number: number;
  text: string;
  /** Where the part is live, once it went out. */
  url?: string;
}

export interface PreviewCard {
  url: string;
  host: string;
  title: string;
  description: string;
  imageUrl?: string;
}

export interface Preview {
  platform: string;
  platformLabel: string;
  account: string;
  /** CSS hook: x, bluesky, mastodon, or generic. */
  look: string;
  parts: PreviewPart[];
  /** Attached to the first part, as the adapter sends it. */
  image?: { url: string; alt: string };
  card?: PreviewCard;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/**
 * What the first part carries, the way each adapter sends it: Bluesky always sends its own link
 * card (title, description, thumbnail) and no image; LinkedIn an article card; the others attach
 * the image when there is one and otherwise leave the link to the platform's unfurling.
 */
function attachments(draft: Draft): Pick<Preview, 'image' | 'card'> {
  const link = draft.link;
  const card: PreviewCard | undefined = link.url
    ? { url: link.url, host: hostOf(link.url), title: link.title, description: link.description, imageUrl: link.imageUrl ?? draft.media[0]?.url }
    : undefined;
  const image = draft.media[0] ? { url: draft.media[0].url, alt: draft.media[0].alt } : undefined;
  if (draft.platform === 'bluesky' || draft.platform === 'linkedin') return card ? { card } : {};
  if (image) return { image };
  return card && PROFILES[draft.platform].unfurlsLinks ? { card } : {};
}

/** A post as its platform will show it, from its Draft, counted by the counters that deliver. */
export function previewOf(
  post: Pick<PostRecord, 'draft' | 'platform' | 'account' | 'delivered'>,
  profile: PlatformProfile = PROFILES[post.platform],
  texts?: readonly string[],
): Preview {
  const draft = post.draft;
  const hasMedia = draft.media.length > 0;
  const sources = texts ?? draft.parts.map((p) => p.text);
  const look = ['x', 'bluesky', 'mastodon'].includes(post.platform) ? post.platform : 'generic';
  return {
    platform: post.platform,
    platformLabel: PLATFORM_LABELS[post.platform] ?? post.platform,
    account: post.account,
    look,
    parts: sources.map((text, index) => ({
      index,
      number: index + 1,
      text,
      ...countPart(profile, text, index, hasMedia),
      url: post.delivered.find((d) => d.index === index)?.url,
    })),
    ...attachments(draft),
  };
}
