import { describe, expect, it } from 'vitest';
import { Composer } from '../../src/compose/composer.js';
import { loadTemplates } from '../../src/compose/templates/template-set.js';
import type { Article } from '../../src/domain/article.js';
import { PROFILES } from '../../src/platforms/profiles.js';

/**
 * Compose is called with text intake never saw (editor edits, other sources), so it must not
 * depend on intake's size caps: recursion and argument lists may not grow with the input.
 * How fast it is, is measured by `npm run bench:compose`, not here.
 */
const composer = new Composer({ templates: loadTemplates('templates'), maxParts: 6, numbering: true });
const article = (headline: string): Article => ({
  id: 'huge',
  url: 'https://news.example.com/huge',
  headline,
  paragraphs: [],
  tags: [],
  authors: [],
  revision: '1',
  priority: 'normal',
});

describe('compose on input far past any post', () => {
  it.each([
    ['a 1 MB headline of words', 'word '.repeat(200_000)],
    ['a 150,000-letter word', 'a'.repeat(150_000)],
    ['150,000 Devanagari letters with marks', 'कि'.repeat(75_000)],
  ])('%s: one fitted lead post with the link, no stack overflow', (_name, headline) => {
    const drafts = composer.compose(article(headline), [
      { platform: 'x', account: 'default' },
      { platform: 'bluesky', account: 'default' },
    ]);
    for (const d of drafts) {
      expect(d.parts).toHaveLength(1);
      const part = d.parts[0]!;
      expect(part.text).toContain(d.link.displayText ?? d.link.url);
      expect(PROFILES[d.platform].fits(part.text, part.limit)).toBe(true);
      expect(part.text).toMatch(/…/);
    }
  }, 120_000);
});
