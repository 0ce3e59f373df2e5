import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/article/parse-article.js';
import { FIELD_CAPS } from '../../src/article/schema.js';
import { ArticleValidationError, type FieldIssue } from '../../src/domain/errors/index.js';

const minimal = { id: 'a-1', url: 'https://example.com/a-1', headline: 'Headline' };

function issuesOf(input: unknown): FieldIssue[] {
  try {
    parseArticle(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ArticleValidationError);
    return (e as ArticleValidationError).issues;
  }
  throw new Error('expected an ArticleValidationError');
}

describe('field caps: oversized fields are a 400 that names the field', () => {
  it.each([
    ['headline', { headline: 'w'.repeat(150_000) }, `must be at most ${FIELD_CAPS.headline} characters`],
    ['summary', { summary: 'word '.repeat(2000) }, `must be at most ${FIELD_CAPS.summary} characters`],
    ['body', { body: '<b>'.repeat(250_000) }, `must be at most ${FIELD_CAPS.body} characters`],
    ['section', { section: 's'.repeat(201) }, `must be at most ${FIELD_CAPS.section} characters`],
    ['url', { url: `https://example.com/${'a'.repeat(3000)}` }, `must be at most ${FIELD_CAPS.url} characters`],
    ['language', { language: 'en-'.repeat(20) }, `must be at most ${FIELD_CAPS.language} characters`],
    ['correction', { correction: 'c'.repeat(5001) }, `must be at most ${FIELD_CAPS.correction} characters`],
    ['image.alt', { image: { url: 'https://example.com/a.jpg', alt: 'a'.repeat(2001) } }, `must be at most ${FIELD_CAPS.imageAlt} characters`],
    ['tags', { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, `must have at most ${FIELD_CAPS.tags} entries`],
    ['tags.3', { tags: ['a', 'b', 'c', 't'.repeat(101)] }, `must be at most ${FIELD_CAPS.tag} characters`],
    ['authors', { authors: Array.from({ length: 51 }, (_, i) => `a${i}`) }, `must have at most ${FIELD_CAPS.authors} entries`],
    ['authors.0', { authors: ['n'.repeat(201)] }, `must be at most ${FIELD_CAPS.author} characters`],
  ])('%s', (field, extra, message) => {
    expect(issuesOf({ ...minimal, ...extra })).toContainEqual({ field, message });
  });

  it('fields at their caps are accepted', () => {
    const article = parseArticle({
      ...minimal,
      headline: 'h'.repeat(FIELD_CAPS.headline),
      section: 's'.repeat(FIELD_CAPS.section),
      tags: Array.from({ length: FIELD_CAPS.tags }, (_, i) => `tag${i}`),
      image: { url: 'https://example.com/a.jpg', alt: 'a'.repeat(FIELD_CAPS.imageAlt) },
    });
    expect(article.headline).toHaveLength(FIELD_CAPS.headline);
    expect(article.tags).toHaveLength(FIELD_CAPS.tags);
  });

  it('a 1 MB headline is refused quickly, before any cleaning', () => {
    // No timing assertion: the check is that it is refused at all, by the cap, not by the parser.
    expect(issuesOf({ ...minimal, headline: 'x'.repeat(1_000_000) })).toEqual([
      { field: 'headline', message: `must be at most ${FIELD_CAPS.headline} characters` },
    ]);
  });
});

describe('links with credentials', () => {
  it.each([
    ['url', { url: 'https://user:pass@example.com/news/a' }],
    ['url', { url: 'https://token@example.com/news/a' }],
    ['image.url', { image: { url: 'http://u:p@cdn.example.com/a.jpg' } }],
  ])('%s with user:pass@ is refused', (field, extra) => {
    expect(issuesOf({ ...minimal, ...extra })).toContainEqual({ field, message: 'must not contain a user name or password' });
  });

  it('an @ in the path or query is fine', () => {
    expect(parseArticle({ ...minimal, url: 'https://example.com/@desk/a?by=me@example.com' }).url).toBe('https://example.com/@desk/a?by=me@example.com');
  });
});

describe('bidi controls and broken UTF-16', () => {
  it('bidi overrides are stripped from text fields, and the letters around them stay', () => {
    const article = parseArticle({
      ...minimal,
      headline: 'Invoice \u202Efdp.exe\u202C here',
      summary: 'x\u2066y\u2069z',
      tags: ['\u202Dtag'],
      image: { url: 'https://example.com/a.jpg', alt: 'alt\u202E text' },
    });
    expect(article.headline).toBe('Invoice fdp.exe here');
    expect(article.summary).toBe('xyz');
    expect(article.tags).toEqual(['tag']);
    expect(article.image?.alt).toBe('alt text');
  });

  it('legitimate right-to-left text is kept exactly', () => {
    const arabic = 'باكستان والصين توقعان اتفاقية جديدة';
    const hebrew = 'שלום עולם 2025';
    const urdu = 'چین نے پاکستان کی حمایت کی';
    const article = parseArticle({ ...minimal, headline: arabic, summary: hebrew, body: `<p>${urdu}</p>`, language: 'ur' });
    expect(article.headline).toBe(arabic);
    expect(article.summary).toBe(hebrew);
    expect(article.paragraphs).toEqual([urdu]);
  });

  it('lone surrogates become U+FFFD, while paired ones (emoji) stay', () => {
    const article = parseArticle({ ...minimal, headline: 'bad \ud800 half and \udc00 other 👩🏽‍💻 ok', body: 'x\udbffy' });
    expect(article.headline).toBe('bad \ufffd half and \ufffd other 👩🏽‍💻 ok');
    expect(article.paragraphs).toEqual(['x\ufffdy']);
  });

  it.each([
    ['id', { id: 'story\u202E1' }, 'must not contain bidi formatting characters or broken UTF-16'],
    ['id', { id: 'story\ud8001' }, 'must not contain bidi formatting characters or broken UTF-16'],
    ['url', { url: 'https://example.com/\u202Egpj.exe' }, 'must be an absolute http(s) URL'],
  ])('%s with a bidi control or a lone surrogate is refused (it cannot be cleaned without changing it)', (field, extra, message) => {
    expect(issuesOf({ ...minimal, ...extra })).toContainEqual({ field, message });
  });
});
