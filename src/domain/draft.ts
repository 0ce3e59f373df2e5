import type { DeliveredPart } from './delivery.js';
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

/**
 * Something compose could not settle that an editor should know about, e.g. `missing_alt_text`
 * (the image has only a photo credit or nothing as alt text). `holdForReview` is set when the
 * newsroom's policy (ALT_TEXT_POLICY=review) says the post must wait for an editor.
 */
export interface DraftWarning {
  code: 'missing_alt_text';
  message: string;
  holdForReview: boolean;
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
  /** What an editor should check before this goes out; empty (or absent on older records) when nothing. */
  warnings?: DraftWarning[];
  /**
   * Set when the whole draft replies to a post that already went out (a correction): the first part
   * replies to `parent`, inside the thread that starts at `root`, on platforms that have replies.
   */
  replyTo?: { root: DeliveredPart; parent: DeliveredPart };
}
