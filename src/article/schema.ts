import { z } from 'zod';
import { htmlToLine, htmlToParagraphs } from './html-to-text.js';

/**
 * The generic article event (DESIGN.md, "Article event"). Parsing also cleans every text field,
 * so what comes out is ready for compose. Unknown fields are dropped; `null` counts as absent
 * for optional fields because many CMS serialisers write nulls for empty fields.
 */

const URL_MESSAGE = 'must be an absolute http(s) URL';

export function isAbsoluteHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value) || /\s/.test(value)) return false;
  try {
    return new URL(value).hostname.length > 0;
  } catch {
    return false;
  }
}

function isLanguageTag(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

/** Only this schema's format/value failures get the specific message; type errors keep the generic one. */
const whenInvalid =
  (message: string) =>
  (issue: { code?: string }): string | undefined =>
    issue.code === 'invalid_type' ? undefined : message;

/** Trimmed, with the empties gone and case-insensitive duplicates dropped, first spelling kept. */
function uniqueLines(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const value of values) {
    const line = htmlToLine(value);
    const key = line.toLowerCase();
    if (!line || seen.has(key)) continue;
    seen.add(key);
    out.push(line);
  }
  return out;
}

const optionalLine = z
  .string()
  .nullish()
  .transform((v) => (v == null ? undefined : htmlToLine(v) || undefined));

const httpUrl = z
  .string()
  .trim()
  .refine(isAbsoluteHttpUrl, { error: whenInvalid(URL_MESSAGE) });

export const imageSchema = z.object({
  url: httpUrl,
  alt: z
    .string()
    .nullish()
    .transform((v) => (v == null ? '' : htmlToLine(v))),
});

export const articleEventSchema = z.object({
  id: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(200, 'must be at most 200 characters')
    .refine((v) => !/\p{Cc}/u.test(v), 'must not contain control characters'),
  url: httpUrl,
  headline: z
    .string()
    .transform(htmlToLine)
    .refine((v) => v.length > 0, 'must contain text'),
  summary: optionalLine,
  body: z
    .string()
    .nullish()
    .transform((v) => (v == null ? [] : htmlToParagraphs(v))),
  section: optionalLine,
  tags: z
    .array(z.string())
    .nullish()
    .transform((v) => uniqueLines(v ?? [])),
  authors: z
    .array(z.string())
    .nullish()
    .transform((v) => uniqueLines(v ?? [])),
  language: z
    .string()
    .trim()
    .refine(isLanguageTag, { error: whenInvalid('must be a BCP 47 language tag, like "en" or "ur-PK"') })
    .transform((v) => Intl.getCanonicalLocales(v)[0] ?? v)
    .nullish()
    .transform((v) => v ?? undefined),
  publishedAt: z.iso
    .datetime({ offset: true, error: whenInvalid('must be an ISO 8601 date-time with a time zone, like "2025-08-25T06:00:00Z"') })
    .transform((v) => new Date(v).toISOString())
    .nullish()
    .transform((v) => v ?? undefined),
  revision: z
    .number()
    .int()
    .positive('must be a positive whole number')
    .nullish()
    .transform((v) => v ?? undefined),
  priority: z
    .enum(['normal', 'breaking'], { error: whenInvalid('must be "normal" or "breaking"') })
    .nullish()
    .transform((v) => v ?? 'normal'),
  image: imageSchema.nullish().transform((v) => v ?? undefined),
  status: z
    .literal('published', { error: whenInvalid('must be "published", "unpublished" or "deleted"') })
    .nullish(),
  correction: optionalLine,
});

export type ArticleEventFields = z.output<typeof articleEventSchema>;

const articleId = articleEventSchema.shape.id;

/** An `unpublished` or `deleted` event needs only the id. */
export const withdrawalEventSchema = z.object({
  id: articleId,
  status: z.enum(['unpublished', 'deleted']),
});
