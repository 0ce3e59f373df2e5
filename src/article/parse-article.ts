import type { Article } from '../domain/article.js';
import { ArticleValidationError } from '../domain/errors/index.js';
import { contentRevision } from './content-revision.js';
import { describeType, plainErrorMap, toFieldIssues } from './issue-messages.js';
import { locateJsonSyntaxError } from './json-syntax.js';
import { articleEventSchema } from './schema.js';

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
  return article;
}

/** Parses the raw request body or file; a syntax error is reported with its line and column. */
export function parseArticleJson(raw: string): Article {
  // Editors on Windows save files with a BOM, which JSON.parse refuses.
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    const where = locateJsonSyntaxError(text);
    throw new ArticleValidationError([
      {
        field: '(root)',
        message: `invalid JSON at line ${where.line}, column ${where.column} (position ${where.position}): ${where.reason}`,
      },
    ]);
  }
  return parseArticle(input);
}
