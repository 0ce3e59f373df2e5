import { readFileSync } from 'node:fs';
import type { Article } from '../../src/domain/article.js';
import type { Draft, DraftPart, LinkCard, MediaRef } from '../../src/domain/draft.js';
import type { PlatformId } from '../../src/domain/platform.js';
import type { PostRecord, PostState } from '../../src/posts/post.js';
import type { PostStore } from '../../src/posts/post-store.js';
import { PROFILES } from '../../src/platforms/profiles.js';

/** The one set of builders for test data: drafts and their pieces, articles and webhook events, post records. */

export interface PartOptions {
  /** The platform's limit; 280 (X's) unless a test needs another. */
  limit?: number;
  /** How the length is counted: UTF-16 units (the default), code points, or by the platform's own profile. */
  measure?: 'utf16' | 'codepoints' | PlatformId;
}

export function part(text: string, options: PartOptions = {}): DraftPart {
  const measure = options.measure ?? 'utf16';
  const length = measure === 'utf16' ? text.length : measure === 'codepoints' ? [...text].length : PROFILES[measure].measure(text);
  const limit = options.limit ?? (measure === 'utf16' || measure === 'codepoints' ? 280 : PROFILES[measure].limit);
  return { text, length, limit };
}

export function image(url = 'https://example.com/media/cpec.jpg', alt = 'Leaders shake hands in Beijing'): MediaRef {
  return { url, alt };
}

export function link(overrides: Partial<LinkCard> = {}): LinkCard {
  return { url: 'https://example.com/news/1', title: 'Title', description: 'Description', ...overrides };
}

export interface DraftOptions extends PartOptions {
  account?: string;
  articleId?: string;
  texts?: string[];
  media?: MediaRef[];
  link?: Partial<LinkCard>;
  language?: string;
}

/** A Draft as compose hands it to the store or an adapter: parts already fitted. */
export function draft(platform: PlatformId = 'x', options: DraftOptions = {}): Draft {
  const built: Draft = {
    platform,
    account: options.account ?? 'default',
    articleId: options.articleId ?? 'art-1',
    parts: (options.texts ?? ['Hello from crier']).map((text) => part(text, options)),
    media: options.media ?? [],
    link: link(options.link),
  };
  if (options.language !== undefined) built.language = options.language;
  return built;
}

/** The example story's draft, as the HTTP-based adapters' tests post it: one image and a link card. */
export function storyDraft(platform: PlatformId, texts: string[], withImage = true): Draft {
  return draft(platform, {
    texts,
    limit: 10_000,
    articleId: 'sad-2025-08-25-beijing-islamabad',
    media: withImage ? [image()] : [],
    link: {
      url: 'https://example.com/news/beijing-islamabad',
      title: 'Beijing Backs Islamabad’s Plan',
      description: 'China pledges support for the corridor.',
      imageUrl: 'https://example.com/media/cpec.jpg',
    },
  });
}

/** A Bluesky draft for the adapter tests: parts counted in code points against 300, a card link nothing answers. */
export function blueskyDraft(texts: string[], extra: Partial<Draft> = {}): Draft {
  return {
    ...draft('bluesky', { texts, articleId: 'article-1', limit: 300, measure: 'codepoints', link: { url: 'http://127.0.0.1:9/unreachable-article', title: 'Headline', description: 'Dek' } }),
    ...extra,
  };
}

/** The example article's JSON exactly as the file has it (for signing the very bytes), or another fixture by name. */
export function articleText(name = 'beijing-islamabad'): string {
  return readFileSync(`tests/fixtures/${name}.json`, 'utf8');
}

/** The example article as a CMS sends it (tests/fixtures/beijing-islamabad.json), or another fixture by name. */
export function articleJson(name = 'beijing-islamabad', overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...(JSON.parse(articleText(name)) as Record<string, unknown>), ...overrides };
}

/** A short article payload for the webhook: one part everywhere, so texts are easy to compare. */
export function articleEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'lifecycle-article-1',
    url: 'https://example.com/news/bridge-reopens',
    headline: 'Harbour bridge reopens after repairs',
    summary: 'The bridge reopened on Monday after six months of repairs.',
    section: 'City',
    language: 'en',
    revision: 1,
    ...overrides,
  };
}

/** A parsed Article with nothing in it but what the test sets. */
export function article(fields: Partial<Article> = {}): Article {
  return {
    id: 't',
    url: 'https://example.com/t',
    headline: 'Headline',
    paragraphs: [],
    tags: [],
    authors: [],
    revision: '1',
    priority: 'normal',
    ...fields,
  };
}

const PATH_TO: Record<PostState, PostState[]> = {
  pending_review: [],
  scheduled: ['scheduled'],
  publishing: ['scheduled', 'publishing'],
  published: ['scheduled', 'publishing', 'published'],
  failed: ['scheduled', 'publishing', 'failed'],
  partially_published: ['scheduled', 'publishing', 'partially_published'],
  rejected: ['rejected'],
  cancelled: ['cancelled'],
  retracted: ['scheduled', 'publishing', 'published', 'retracted'],
};

/** One post, created through the store and walked to `state` along allowed transitions. */
export async function postIn(store: PostStore, state: PostState, d: Draft = draft(), articleId = `art-${Math.random()}`): Promise<PostRecord> {
  const { posts } = await store.createForArticle({
    articleId,
    revision: '1',
    drafts: [{ ...d, articleId }],
    initialStateFor: () => 'pending_review',
    scheduledAtFor: () => undefined,
    priority: 'normal',
    by: 'cms',
  });
  const post = posts[0]!;
  let current = post;
  for (const step of PATH_TO[state]) current = await store.transition(post.id, step, { by: 'test' });
  return current;
}
