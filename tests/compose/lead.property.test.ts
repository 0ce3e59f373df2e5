import { UnicodeString } from '@atproto/api';
import emojiRegex from 'emoji-regex';
import fc from 'fast-check';
import twitterText from 'twitter-text';
import { countGraphemes } from 'unicode-segmenter/grapheme';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/article/parse-article.js';
import { Composer } from '../../src/compose/composer.js';
import type { ThreadMode } from '../../src/compose/lead.js';
import { loadTemplates } from '../../src/compose/templates/template-set.js';
import type { Article } from '../../src/domain/article.js';
import type { PlatformId } from '../../src/domain/platform.js';

/**
 * For random articles in the shapes newsrooms send (wire datelines, long deks, bullets, emoji,
 * several scripts, long links, breaking or not), the lead post on X, Bluesky, Mastodon and Threads
 * carries the link, no part is only a link, hashtags or numbering, and every part fits by the
 * platform's own count, measured here with counters independent of crier's.
 */
const encoder = new TextEncoder();
const LIMITS: Record<'x' | 'bluesky' | 'mastodon' | 'threads', (text: string) => boolean> = {
  x: (t) => twitterText.parseTweet(t).weightedLength <= 280,
  bluesky: (t) => new UnicodeString(t).graphemeLength <= 300 && encoder.encode(t).length <= 3000,
  mastodon: (t) => {
    let n = countGraphemes(t);
    for (const u of twitterText.extractUrlsWithIndices(t, { extractUrlsWithoutProtocol: false })) n += 23 - countGraphemes(u.url);
    return n <= 500;
  },
  threads: (t) => {
    let n = 0;
    let at = 0;
    for (const m of t.matchAll(emojiRegex())) {
      n += [...t.slice(at, m.index)].length + encoder.encode(m[0]).length;
      at = m.index + m[0].length;
    }
    return n + [...t.slice(at)].length <= 500;
  },
};
const PLATFORMS = Object.keys(LIMITS) as Array<keyof typeof LIMITS>;

/** What a part says besides links, hashtags and "n/m", counted independently of crier's part check. */
function saysSomething(text: string, url: string): boolean {
  const rest = text
    .split(url)
    .join(' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[#＃][\p{L}\p{M}\p{N}_]+/gu, ' ')
    .replace(/\b\d+\/\d+\b/g, ' ');
  return /[\p{L}\p{N}]/u.test(rest);
}

const word = fc.constantFrom(
  'minister', 'talks', 'Lagos', 'market', 'rates', 'inflation', 'freeze', 'Springfield', 'governor', 'transit',
  'پاکستان', 'کرکٹ', 'ٹیم', 'बिहार', 'बाढ़', 'राहत', 'मुख्यमंत्री', '上海', '儿童节', '公园', 'Madrid', 'vivienda', 'alquiler',
  '👨‍👩‍👧‍👦', '🇳🇬', '🌊', '1,200', '$310', '43 %', 'U.S.', 'Gov.', 'Ill.', 'No. 2', 'R&B', '&amp;amp;',
  'supercalifragilisticexpialidocious'.repeat(3),
);
const sentence = fc
  .tuple(fc.array(word, { minLength: 3, maxLength: 30 }), fc.constantFrom('.', '।', '۔', '。', '!', '?', ''))
  .map(([ws, stop]) => `${ws.join(' ')}${stop}`);
const dateline = fc.constantFrom('', 'SPRINGFIELD, Ill. (AP) — ', 'LAGOS (AP) — ', 'PARIS – (Reuters) – ', 'पटना, बिहार : ', 'لاہور: ', 'MADRID (EFE) – ');
const dek = fc
  .tuple(dateline, fc.array(sentence, { minLength: 1, maxLength: 6 }), fc.boolean())
  .map(([d, ss, bullets]) => d + (bullets ? ss.join(' • ') : ss.join(' ')));

const event = fc.record({
  id: fc.constant('prop-1'),
  url: fc.constantFrom(
    'https://news.example.com/a',
    `https://news.example.com/${'long-slug-'.repeat(30)}`,
    'https://urdu.example.com/sports/2026/01/20/پاکستان-کرکٹ',
  ),
  headline: fc.oneof(
    fc.array(word, { minLength: 2, maxLength: 20 }).map((ws) => ws.join(' ')),
    fc.array(word, { minLength: 40, maxLength: 80 }).map((ws) => ws.join(' ')),
    fc.array(word, { minLength: 2, maxLength: 10 }).map((ws) => `BREAKING: ${ws.join(' ')}`),
  ),
  summary: fc.option(dek, { nil: undefined }),
  body: fc.option(fc.array(sentence, { maxLength: 8 }).map((ss) => ss.map((s) => `<p>${s}</p>`).join('')), { nil: undefined }),
  section: fc.option(fc.constantFrom('South Asia', 'Opinion', 'World'), { nil: undefined }),
  tags: fc.array(fc.array(word, { minLength: 1, maxLength: 3 }).map((ws) => ws.join(' ')), { maxLength: 6 }),
  authors: fc.array(fc.constantFrom('Sam Okafor', 'Lucía Ferrer', 'रवि शंकर'), { maxLength: 2 }),
  language: fc.constantFrom('en', 'es', 'ur', 'hi', 'zh', 'ar', 'fr', 'de', 'pt'),
  priority: fc.constantFrom('normal', 'breaking'),
  image: fc.option(fc.record({ url: fc.constant('https://news.example.com/i.jpg'), alt: fc.constantFrom('Photograph: Jane Doe', 'Riders wait for a train in Chicago') }), {
    nil: undefined,
  }),
});

const templates = loadTemplates('templates');
const composers: Record<ThreadMode, Composer> = {
  never: new Composer({ templates, maxParts: 6, numbering: true, threadMode: 'never' }),
  template: new Composer({ templates, maxParts: 6, numbering: true, threadMode: 'template' }),
  auto: new Composer({ templates, maxParts: 6, numbering: true, threadMode: 'auto' }),
};

describe('the lead post, for random articles', () => {
  it('carries the link, has no empty parts and fits on X, Bluesky, Mastodon and Threads, in every THREAD_MODE', () => {
    let checked = 0;
    fc.assert(
      fc.property(event, fc.constantFrom<ThreadMode>('never', 'template', 'auto'), (raw, mode) => {
        let article: Article;
        try {
          article = parseArticle(raw);
        } catch {
          return; // intake refuses what it must (e.g. a headline over its size cap)
        }
        const drafts = composers[mode].compose(article, PLATFORMS.map((platform: PlatformId) => ({ platform, account: 'default' })));
        for (const d of drafts) {
          const url = d.link.displayText ?? d.link.url;
          const platform = d.platform as keyof typeof LIMITS;
          expect(d.parts.length, platform).toBeGreaterThan(0);
          expect(d.parts[0]!.text, `${platform} lead`).toContain(url);
          if (mode === 'never') expect(d.parts, platform).toHaveLength(1);
          for (const p of d.parts) {
            expect(LIMITS[platform](p.text), `${platform} fits: ${p.text}`).toBe(true);
            expect(p.length).toBeLessThanOrEqual(p.limit);
            expect(saysSomething(p.text, url), `${platform} part says something: ${p.text}`).toBe(true);
          }
        }
        checked++;
      }),
      { numRuns: 120, seed: 20261201 },
    );
    expect(checked).toBeGreaterThan(80);
  }, 180_000);
});
