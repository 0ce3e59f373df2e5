import { z } from 'zod';
import { htmlToLine, htmlToParagraphs } from './html-to-text.js';

/**
 * The generic article event (DESIGN.md, "Article event"). Parsing also cleans every text field,
 * so what comes out is ready for compose. Unknown fields are dropped; `null` counts as absent
 * for optional fields because many CMS serialisers write nulls for empty fields.
 */

const URL_MESSAGE = 'must be an absolute http(s) URL';

/**
 * Size caps, checked on the raw input before any cleaning, so the work an event can cause is
 * bounded by them and not by the body limit. Each is far above what a real article carries: a
 * headline of kilobytes is a broken or hostile CMS, not a long headline.
 */
export const FIELD_CAPS = {
  id: 200,
  url: 2048,
  headline: 1000,
  summary: 5000,
  body: 500_000,
  section: 200,
  tags: 50,
  tag: 100,
  authors: 50,
  author: 200,
  language: 35,
  imageAlt: 2000,
  correction: 5000,
} as const;

const atMost = (n: number) => `must be at most ${n} characters`;

const CONTROL = /\p{Cc}/u;
/**
 * Characters that make a URL or id display as something else: bidi embeddings, overrides and
 * isolates (U+202A–202E, U+2066–2069), and UTF-16 halves without their partner.
 */
const BIDI_OR_BROKEN = /[\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;

export function isAbsoluteHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value) || /\s/.test(value) || CONTROL.test(value) || BIDI_OR_BROKEN.test(value)) return false;
  try {
    return new URL(value).hostname.length > 0;
  } catch {
    return false;
  }
}

/** `https://user:pass@host/` hides the real host from readers and leaks a password to every platform. */
function hasNoCredentials(value: string): boolean {
  try {
    const url = new URL(value);
    return url.username === '' && url.password === '';
  } catch {
    return true;
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

const optionalLine = (cap: number) =>
  z
    .string()
    .max(cap, atMost(cap))
    .nullish()
    .transform((v) => (v == null ? undefined : htmlToLine(v) || undefined));

const httpUrl = z
  .string()
  .max(FIELD_CAPS.url, atMost(FIELD_CAPS.url))
  .trim()
  .refine(isAbsoluteHttpUrl, { error: whenInvalid(URL_MESSAGE) })
  .refine(hasNoCredentials, { error: whenInvalid('must not contain a user name or password') });

const lineList = (items: number, each: number) =>
  z
    .array(z.string().max(each, atMost(each)))
    .max(items, `must have at most ${items} entries`)
    .nullish()
    .transform((v) => uniqueLines(v ?? []));

export const imageSchema = z.object({
  url: httpUrl,
  alt: z
    .string()
    .max(FIELD_CAPS.imageAlt, atMost(FIELD_CAPS.imageAlt))
    .nullish()
    .transform((v) => (v == null ? '' : htmlToLine(v))),
});

export const articleEventSchema = z.object({
  id: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(FIELD_CAPS.id, atMost(FIELD_CAPS.id))
    .refine((v) => !CONTROL.test(v), 'must not contain control characters')
    .refine((v) => !BIDI_OR_BROKEN.test(v), 'must not contain bidi formatting characters or broken UTF-16'),
  url: httpUrl,
  headline: z
    .string()
    .max(FIELD_CAPS.headline, atMost(FIELD_CAPS.headline))
    .transform(htmlToLine)
    .refine((v) => v.length > 0, 'must contain text'),
  summary: optionalLine(FIELD_CAPS.summary),
  body: z
    .string()
    .max(FIELD_CAPS.body, atMost(FIELD_CAPS.body))
    .nullish()
    .transform((v) => (v == null ? [] : htmlToParagraphs(v))),
  section: optionalLine(FIELD_CAPS.section),
  tags: lineList(FIELD_CAPS.tags, FIELD_CAPS.tag),
  authors: lineList(FIELD_CAPS.authors, FIELD_CAPS.author),
  language: z
    .string()
    .max(FIELD_CAPS.language, atMost(FIELD_CAPS.language))
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
  correction: optionalLine(FIELD_CAPS.correction),
});

export type ArticleEventFields = z.output<typeof articleEventSchema>;

const articleId = articleEventSchema.shape.id;

/** An `unpublished` or `deleted` event needs only the id. */
export const withdrawalEventSchema = z.object({
  id: articleId,
  status: z.enum(['unpublished', 'deleted']),
});
