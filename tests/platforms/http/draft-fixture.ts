import type { Draft } from '../../../src/domain/draft.js';
import type { PlatformId } from '../../../src/domain/platform.js';

/** A Draft as compose would hand it to an adapter: parts already fitted, one image, a link card. */
export function draftFor(platform: PlatformId, texts: string[], withImage = true): Draft {
  return {
    platform,
    account: 'default',
    articleId: 'sad-2025-08-25-beijing-islamabad',
    parts: texts.map((text) => ({ text, length: text.length, limit: 10_000 })),
    media: withImage ? [{ url: 'https://example.com/media/cpec.jpg', alt: 'Leaders shake hands in Beijing' }] : [],
    link: {
      url: 'https://example.com/news/beijing-islamabad',
      title: 'Beijing Backs Islamabad’s Plan',
      description: 'China pledges support for the corridor.',
      imageUrl: 'https://example.com/media/cpec.jpg',
    },
  };
}
