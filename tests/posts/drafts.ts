import type { Draft } from '../../src/domain/draft.js';
import type { PlatformId } from '../../src/domain/platform.js';

export function draft(platform: PlatformId, account = 'default', texts: string[] = ['Hello from crier'], articleId = 'art-1'): Draft {
  return {
    platform,
    account,
    articleId,
    parts: texts.map((text) => ({ text, length: text.length, limit: 280 })),
    media: [],
    link: { url: 'https://example.com/news/1', title: 'Title', description: 'Description' },
  };
}
