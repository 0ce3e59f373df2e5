import { z } from 'zod';
import { parseArticleEvent } from '../../article/parse-article.js';
import type { ArticleEvent } from '../../domain/article.js';
import { ArticleValidationError, SourcePayloadError, type FieldIssue } from '../../domain/errors/index.js';

/**
 * Ghost's webhook body (`{ post: { current, previous } }`, or `page` for page events). Ghost does
 * not say which event fired, so it is read from the states: published now → publication (the
 * lifecycle tells a first publish from an edit by its content hash); published before and not now
 * → unpublished; `current` empty → deleted. Everything else (drafts, scheduled, members-only,
 * email-only, pages unless allowed) is acknowledged and ignored, with the reason.
 */

const nullishString = z.string().nullish();
const ghostTag = z.object({ name: z.string(), slug: nullishString, visibility: nullishString });

const ghostPost = z.object({
  id: z.string({ error: 'must be a string' }).min(1, 'must not be empty'),
  title: nullishString,
  url: nullishString,
  html: nullishString,
  custom_excerpt: nullishString,
  excerpt: nullishString,
  feature_image: nullishString,
  feature_image_alt: nullishString,
  status: z.string({ error: 'must be a string' }),
  visibility: nullishString,
  email_only: z.boolean().nullish(),
  published_at: nullishString,
  tags: z.array(ghostTag).nullish(),
  primary_tag: ghostTag.nullish(),
  authors: z.array(z.object({ name: z.string() })).nullish(),
});
type GhostPost = z.output<typeof ghostPost>;

const version = z.object({ id: z.unknown().optional(), status: z.unknown().optional() }).loose();
const envelope = z.object({ current: version.nullish(), previous: version.nullish() });

export type GhostOutcome = { action: 'event'; event: ArticleEvent } | { action: 'ignored'; reason: string };

export interface GhostOptions {
  includePages: boolean;
}

/** `ghost-<id>`: Ghost's ObjectId never changes through edits, slug changes or unpublishing. */
export function ghostArticleId(id: string): string {
  return `ghost-${id}`;
}

function issuesOf(error: z.ZodError, at: string): FieldIssue[] {
  return error.issues.map((i) => ({ field: [at, ...i.path.map(String)].join('.'), message: i.message }));
}

/** Internal tags (`#newsletter`) are Ghost's own plumbing, never hashtags. */
function publicTags(post: GhostPost): string[] {
  return (post.tags ?? []).filter((t) => t.visibility !== 'internal' && !t.name.startsWith('#')).map((t) => t.name);
}

function toEvent(post: GhostPost, at: string): ArticleEvent {
  const primary = post.primary_tag && post.primary_tag.visibility !== 'internal' && !post.primary_tag.name.startsWith('#') ? post.primary_tag.name : undefined;
  try {
    return parseArticleEvent({
      id: ghostArticleId(post.id),
      url: post.url,
      headline: post.title,
      summary: post.custom_excerpt ?? post.excerpt,
      body: post.html,
      section: primary,
      tags: publicTags(post),
      authors: (post.authors ?? []).map((a) => a.name),
      publishedAt: post.published_at,
      image: post.feature_image ? { url: post.feature_image, alt: post.feature_image_alt } : undefined,
    });
  } catch (error) {
    if (error instanceof ArticleValidationError) {
      const field = (name: string) => ({ headline: 'title', summary: 'custom_excerpt', body: 'html', publishedAt: 'published_at', 'image.url': 'feature_image', id: 'id' })[name] ?? name;
      throw new SourcePayloadError('Ghost', error.issues.map((i) => ({ field: `${at}.${field(i.field)}`, message: i.message })));
    }
    throw error;
  }
}

function isEmpty(value: { id?: unknown } | null | undefined): boolean {
  return !value || value.id === undefined || value.id === null || value.id === '';
}

export function mapGhostPayload(body: unknown, options: GhostOptions): GhostOutcome {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new SourcePayloadError('Ghost', [{ field: '(root)', message: 'expected a JSON object' }]);
  }
  const record = body as Record<string, unknown>;
  const kind = 'post' in record ? 'post' : 'page' in record ? 'page' : undefined;
  if (!kind) throw new SourcePayloadError('Ghost', [{ field: '(root)', message: 'expected a "post" or "page" object: is this a post or page webhook?' }]);
  const parsed = envelope.safeParse(record[kind]);
  if (!parsed.success) throw new SourcePayloadError('Ghost', issuesOf(parsed.error, kind));
  if (kind === 'page' && !options.includePages) return { action: 'ignored', reason: 'pages are not posted (GHOST_INCLUDE_PAGES is off)' };

  const { current, previous } = parsed.data;
  if (isEmpty(current)) {
    if (isEmpty(previous)) throw new SourcePayloadError('Ghost', [{ field: `${kind}.current`, message: `is empty and ${kind}.previous has no id` }]);
    const old = ghostPost.pick({ id: true }).safeParse(previous);
    if (!old.success) throw new SourcePayloadError('Ghost', issuesOf(old.error, `${kind}.previous`));
    return { action: 'event', event: { kind: 'withdraw', articleId: ghostArticleId(old.data.id), status: 'deleted' } };
  }

  const now = ghostPost.safeParse(current);
  if (!now.success) throw new SourcePayloadError('Ghost', issuesOf(now.error, `${kind}.current`));
  const post = now.data;
  const wasPublished = previous?.status === 'published';

  if (post.status !== 'published') {
    if (wasPublished) return { action: 'event', event: { kind: 'withdraw', articleId: ghostArticleId(post.id), status: 'unpublished' } };
    const why = post.status === 'scheduled' ? 'scheduled: it is posted when Ghost publishes it' : `status "${post.status}" is not published`;
    return { action: 'ignored', reason: why };
  }
  if (post.email_only === true) return { action: 'ignored', reason: 'email-only posts are not on the web' };
  if (post.visibility && post.visibility !== 'public') return { action: 'ignored', reason: `visibility "${post.visibility}": only public posts are posted` };
  return { action: 'event', event: toEvent(post, `${kind}.current`) };
}
