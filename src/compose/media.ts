import type { Article } from '../domain/article.js';
import type { DraftWarning, MediaRef } from '../domain/draft.js';
import type { AltTextCleaner } from './clean/alt-text.js';

/** ALT_TEXT_POLICY: post an image without a description with empty alt, or hold the post for an editor. */
export type AltTextPolicy = 'post' | 'review';

export interface MediaDecision {
  media: MediaRef[];
  warnings: DraftWarning[];
}

/**
 * The article image with a real description as alt text: a photo credit is not one. Without a
 * description the image goes out with empty alt (screen readers then skip it rather than read a
 * name), and the draft says so; with the `review` policy it also asks to be held for an editor.
 */
export function attachMedia(article: Article, cleaner: AltTextCleaner, policy: AltTextPolicy): MediaDecision {
  const image = article.image;
  if (!image) return { media: [], warnings: [] };
  const alt = cleaner.describe(image.alt);
  if (alt !== '') return { media: [{ url: image.url, alt }], warnings: [] };
  const what = image.alt.trim() === '' ? 'has no alt text' : 'has only a photo credit as alt text';
  return {
    media: [{ url: image.url, alt: '' }],
    warnings: [
      {
        code: 'missing_alt_text',
        message: `the image ${what}; add a description of the picture`,
        holdForReview: policy === 'review',
      },
    ],
  };
}
