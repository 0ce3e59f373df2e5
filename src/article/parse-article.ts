import type { Article, ArticleEvent } from '../domain/article.js';
import { ArticleValidationError } from '../domain/errors/index.js';
import { contentRevision } from './content-revision.js';
import { describeType, plainErrorMap, toFieldIssues } from './issue-messages.js';
import { locateJsonSyntaxError } from './json-syntax.js';
import { articleEventSchema, withdrawalEventSchema } from './schema.js';

/**
 * Validates and normalises an article event. Throws ArticleValidationError naming every bad
 * field at once, so a CMS developer can fix them all in one round.
 */
export function parseArticle(input: unknown): Article {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ArticleValidationError([{ field: '(root)', message: `expected a JSON object, got ${describeType(input)}` }]);
  }
  const parsed = articleEventSchema.safeParse(input, { error: plainErrorMap });
  if (!parsed.success) throw new ArticleValidationError(toFieldIssues(parsed.error.issues));
  const event = parsed.data;
  const article: Article = {
    id: event.id,
    url: event.url,
    headline: event.headline,
    paragraphs: event.body,
    tags: event.tags,
    authors: event.authors,
    revision: event.revision === undefined ? contentRevision(event) : String(event.revision),
    priority: event.priority,
  };
  if (event.summary !== undefined) article.summary = event.summary;
  if (event.section !== undefined) article.section = event.section;
  if (event.language !== undefined) article.language = event.language;
  if (event.publishedAt !== undefined) article.publishedAt = event.publishedAt;
  if (event.image !== undefined) article.image = event.image;
  if (event.correction !== undefined) article.correction = event.correction;
  return article;
}

/**
 * Any article event: a publication (the whole article) or a withdrawal (`status` "unpublished" or
 * "deleted", which needs only `id`). `crier render` and `send` take publications only (parseArticle).
 */
export function parseArticleEvent(input: unknown): ArticleEvent {
  if (typeof input === 'object' && input !== null && !Array.isArray(input) && 'status' in input) {
    const status = (input as { status: unknown }).status;
    if (status === 'unpublished' || status === 'deleted') {
      const parsed = withdrawalEventSchema.safeParse(input, { error: plainErrorMap });
      if (!parsed.success) throw new ArticleValidationError(toFieldIssues(parsed.error.issues));
      return { kind: 'withdraw', articleId: parsed.data.id, status: parsed.data.status };
    }
  }
  return { kind: 'publish', article: parseArticle(input) };
}

function parseJsonText(raw: string): unknown {
  // Editors on Windows save files with a BOM, which JSON.parse refuses.
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  try {
    return JSON.parse(text);
  } catch {
    const where = locateJsonSyntaxError(text);
    throw new ArticleValidationError([
      {
        field: '(root)',
        message: `invalid JSON at line ${where.line}, column ${where.column} (position ${where.position}): ${where.reason}`,
      },
    ]);
  }
}

/** parseArticleEvent for a raw request body or file. */
export function parseArticleEventJson(raw: string): ArticleEvent {
  return parseArticleEvent(parseJsonText(raw));
}

/** Parses the raw request body or file; a syntax error is reported with its line and column. */
export function parseArticleJson(raw: string): Article {
  return parseArticle(parseJsonText(raw));
}
