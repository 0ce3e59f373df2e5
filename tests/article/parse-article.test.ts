import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseArticle, parseArticleJson } from '../../src/article/parse-article.js';
import { ArticleValidationError, type FieldIssue } from '../../src/domain/errors/index.js';

const EXAMPLE = readFileSync(new URL('../fixtures/beijing-islamabad.json', import.meta.url), 'utf8');
const minimal = { id: 'a-1', url: 'https://example.com/a-1', headline: 'Headline' };

function issuesOf(run: () => unknown): FieldIssue[] {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ArticleValidationError);
    return (e as ArticleValidationError).issues;
  }
  throw new Error('expected an ArticleValidationError');
}

describe('parseArticle', () => {
  it('parses the example article', () => {
    const article = parseArticleJson(EXAMPLE);
    expect(article.id).toBe('southasiandesk-2025-08-25-beijing-backs-islamabad');
    expect(article.headline).toBe('Beijing Backs Islamabad’s National Security Efforts Amid Tensions');
    expect(article.paragraphs).toHaveLength(16);
    expect(article.paragraphs[1]).toBe('Why It Matters for South Asia');
    expect(article.paragraphs.every((p) => !p.includes('<'))).toBe(true);
    expect(article.tags).toContain('Operation Sindoor');
    expect(article.authors).toEqual([]);
    expect(article.language).toBe('en');
    expect(article.publishedAt).toBe('2025-08-25T00:00:00.000Z');
    expect(article.priority).toBe('normal');
    expect(article.revision).toMatch(/^h[0-9a-f]{16}$/);
    expect(article.image).toBeUndefined();
  });

  it('fills defaults for a minimal event and ignores unknown fields', () => {
    const article = parseArticle({ ...minimal, extra: { anything: true }, wp_id: 7 });
    expect(article).toEqual({
      id: 'a-1',
      url: 'https://example.com/a-1',
      headline: 'Headline',
      paragraphs: [],
      tags: [],
      authors: [],
      revision: expect.stringMatching(/^h[0-9a-f]{16}$/) as unknown as string,
      priority: 'normal',
    });
    expect(Object.keys(article)).not.toContain('extra');
  });

  it('lists every bad field with a plain message', () => {
    const issues = issuesOf(() =>
      parseArticle({
        id: 5,
        url: 'ftp://example.com/x',
        headline: '<p> </p>',
        tags: ['ok', 3],
        language: 'not a tag!',
        publishedAt: '2025-08-25',
        revision: 0,
        priority: 'urgent',
        image: { alt: 2 },
      }),
    );
    expect(issues).toEqual([
      { field: 'id', message: 'expected string, got number' },
      { field: 'url', message: 'must be an absolute http(s) URL' },
      { field: 'headline', message: 'must contain text' },
      { field: 'tags.1', message: 'expected string, got number' },
      { field: 'language', message: 'must be a BCP 47 language tag, like "en" or "ur-PK"' },
      { field: 'publishedAt', message: 'must be an ISO 8601 date-time with a time zone, like "2025-08-25T06:00:00Z"' },
      { field: 'revision', message: 'must be a positive whole number' },
      { field: 'priority', message: 'must be "normal" or "breaking"' },
      { field: 'image.url', message: 'required' },
      { field: 'image.alt', message: 'expected string, got number' },
    ]);
  });

  it('says "required" for each missing required field', () => {
    expect(issuesOf(() => parseArticle({}))).toEqual([
      { field: 'id', message: 'required' },
      { field: 'url', message: 'required' },
      { field: 'headline', message: 'required' },
    ]);
  });

  it('names the type it got, in CMS terms', () => {
    expect(issuesOf(() => parseArticle({ ...minimal, tags: 'China', authors: null, summary: ['x'], body: {} }))).toEqual([
      { field: 'summary', message: 'expected string, got array' },
      { field: 'body', message: 'expected string, got object' },
      { field: 'tags', message: 'expected array, got string' },
    ]);
    expect(issuesOf(() => parseArticle({ ...minimal, headline: null }))).toEqual([{ field: 'headline', message: 'expected string, got null' }]);
  });

  it.each([null, [], [minimal], 'article', 42, true, undefined])('gives one (root) issue for %j', (input) => {
    const issues = issuesOf(() => parseArticle(input));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.field).toBe('(root)');
    expect(issues[0]?.message).toMatch(/^expected a JSON object, got (null|array|string|number|boolean|undefined)$/);
  });

  it('never puts a stack trace in the message', () => {
    const error = (() => {
      try {
        parseArticle({ url: 1 });
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error?.message).toBe('invalid article: id: required; url: expected string, got number; headline: required');
  });

  describe('id', () => {
    it('accepts 1 to 200 characters, trimmed', () => {
      expect(parseArticle({ ...minimal, id: ' x ' }).id).toBe('x');
      expect(parseArticle({ ...minimal, id: 'x'.repeat(200) }).id).toHaveLength(200);
    });
    it.each([
      ['', 'must not be empty'],
      ['   ', 'must not be empty'],
      ['x'.repeat(201), 'must be at most 200 characters'],
      ['a\u0000b', 'must not contain control characters'],
      ['a\nb', 'must not contain control characters'],
    ])('rejects %j', (id, message) => {
      expect(issuesOf(() => parseArticle({ ...minimal, id }))).toEqual([{ field: 'id', message }]);
    });
  });

  describe('url', () => {
    it.each(['https://example.com/news/a?b=1#c', 'http://example.com', 'HTTPS://EXAMPLE.COM/X'])('accepts %s', (url) => {
      expect(parseArticle({ ...minimal, url }).url).toBe(url);
    });
    it.each(['/news/a', 'example.com/a', 'ftp://example.com', 'javascript:alert(1)', 'https://', 'https://exa mple.com', 'mailto:a@b.c'])(
      'rejects %s',
      (url) => {
        expect(issuesOf(() => parseArticle({ ...minimal, url }))).toEqual([{ field: 'url', message: 'must be an absolute http(s) URL' }]);
      },
    );
  });

  it('cleans headline, summary and section into single lines', () => {
    const article = parseArticle({
      ...minimal,
      headline: ' Beijing <em>Backs</em>\n Islamabad&#8217;s ',
      summary: '<p>China pledges&nbsp;support.</p><p>More.</p>',
      section: ' South\tAsia ',
    });
    expect(article.headline).toBe('Beijing Backs Islamabad’s');
    expect(article.summary).toBe('China pledges support. More.');
    expect(article.section).toBe('South Asia');
  });

  it('treats empty and null optional fields as absent', () => {
    const article = parseArticle({ ...minimal, summary: '  ', section: null, language: null, publishedAt: null, image: null, priority: null });
    expect(article.summary).toBeUndefined();
    expect(article.section).toBeUndefined();
    expect(article.language).toBeUndefined();
    expect(article.image).toBeUndefined();
    expect(article.priority).toBe('normal');
    expect('summary' in article).toBe(false);
  });

  it('turns the body into paragraphs, HTML or plain text', () => {
    expect(parseArticle({ ...minimal, body: '<p>One.</p><p>Two &amp; three.</p>' }).paragraphs).toEqual(['One.', 'Two & three.']);
    expect(parseArticle({ ...minimal, body: 'One.\n\nTwo.' }).paragraphs).toEqual(['One.', 'Two.']);
  });

  it('trims tags, drops empty ones and case-insensitive duplicates, keeping order', () => {
    expect(parseArticle({ ...minimal, tags: [' CPEC ', 'China', '', '  ', 'cpec', 'Wang Yi', 'CHINA', 'wang  yi'] }).tags).toEqual([
      'CPEC',
      'China',
      'Wang Yi',
    ]);
  });

  it('canonicalises the language tag', () => {
    expect(parseArticle({ ...minimal, language: 'ur-pk' }).language).toBe('ur-PK');
    expect(parseArticle({ ...minimal, language: 'zh-hans-cn' }).language).toBe('zh-Hans-CN');
  });

  it('normalises publishedAt to UTC and rejects impossible dates', () => {
    expect(parseArticle({ ...minimal, publishedAt: '2025-08-25T11:00:00+05:00' }).publishedAt).toBe('2025-08-25T06:00:00.000Z');
    expect(issuesOf(() => parseArticle({ ...minimal, publishedAt: '2025-02-30T00:00:00Z' }))[0]?.field).toBe('publishedAt');
  });

  it('accepts priority breaking and an image with default alt', () => {
    const article = parseArticle({ ...minimal, priority: 'breaking', image: { url: 'https://example.com/p.jpg' } });
    expect(article.priority).toBe('breaking');
    expect(article.image).toEqual({ url: 'https://example.com/p.jpg', alt: '' });
    expect(issuesOf(() => parseArticle({ ...minimal, image: { url: 'p.jpg', alt: 'x' } }))).toEqual([
      { field: 'image.url', message: 'must be an absolute http(s) URL' },
    ]);
  });

  describe('revision', () => {
    it('is String(n) when the CMS sends one', () => {
      expect(parseArticle({ ...minimal, revision: 3 }).revision).toBe('3');
    });
    it.each([[1.5, 'must be a whole number'], [-1, 'must be a positive whole number'], ['2', 'expected number, got string']])(
      'rejects %j',
      (revision, message) => {
        expect(issuesOf(() => parseArticle({ ...minimal, revision }))).toEqual([{ field: 'revision', message }]);
      },
    );
    it('is derived from the content when absent: same content, same revision', () => {
      const a = parseArticle({ ...minimal, body: '<p>Text</p>', tags: ['x'] });
      const b = parseArticle({ ...minimal, body: '<p>Text</p>\n', tags: [' x ', 'X'], unknown: 1 });
      expect(a.revision).toMatch(/^h[0-9a-f]{16}$/);
      expect(b.revision).toBe(a.revision);
    });
    it('changes when the content changes', () => {
      const base = parseArticle({ ...minimal, body: '<p>Text</p>' }).revision;
      expect(parseArticle({ ...minimal, body: '<p>Text, edited</p>' }).revision).not.toBe(base);
      expect(parseArticle({ ...minimal, body: '<p>Text</p>', headline: 'Other' }).revision).not.toBe(base);
      expect(parseArticle({ ...minimal, body: '<p>Text</p>', image: { url: 'https://e.com/i.jpg' } }).revision).not.toBe(base);
    });
  });
});

describe('parseArticleJson', () => {
  it('reports a syntax error as a (root) issue with line, column and position', () => {
    expect(issuesOf(() => parseArticleJson('{\n  "id": "a",\n  "url": tru\n}'))).toEqual([
      { field: '(root)', message: 'invalid JSON at line 3, column 13 (position 27): unexpected character "\\n"' },
    ]);
    expect(issuesOf(() => parseArticleJson('{"id": 1,}'))[0]?.message).toBe(
      'invalid JSON at line 1, column 10 (position 9): expected a property name in double quotes but found character "}"',
    );
    expect(issuesOf(() => parseArticleJson(''))[0]?.message).toBe('invalid JSON at line 1, column 1 (position 0): unexpected end of input');
  });

  it('validates the parsed document', () => {
    expect(issuesOf(() => parseArticleJson('[]'))).toEqual([{ field: '(root)', message: 'expected a JSON object, got array' }]);
    expect(issuesOf(() => parseArticleJson('{"id":"a"}')).map((i) => i.field)).toEqual(['url', 'headline']);
  });

  it('accepts a leading byte order mark', () => {
    expect(parseArticleJson(`\ufeff${JSON.stringify(minimal)}`).id).toBe('a-1');
  });
});
