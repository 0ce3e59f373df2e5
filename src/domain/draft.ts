import type { PlatformId } from './platform.js';

export interface DraftPart {
  text: string;
  /** The platform's own measure of `text` (X weighted length, Bluesky graphemes, …). */
  length: number;
  limit: number;
}

export interface MediaRef {
  url: string;
  alt: string;
}

/** What a link card shows; adapters that build cards (Bluesky) use it, others let the platform unfurl. */
export interface LinkCard {
  url: string;
  /** The short form shown in the text instead of `url`, where the platform wants one (Bluesky); the link facet points at `url`. */
  displayText?: string;
  title: string;
  description: string;
  imageUrl?: string;
}

/** One post (possibly a thread) for one account on one platform. */
export interface Draft {
  platform: PlatformId;
  account: string;
  articleId: string;
  parts: DraftPart[];
  media: MediaRef[];
  link: LinkCard;
  language?: string;
}
