import { UnicodeString } from '@atproto/api';
import emojiRegex from 'emoji-regex';
import fc from 'fast-check';
import twitterText from 'twitter-text';
import { countGraphemes } from 'unicode-segmenter/grapheme';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/article/parse-article.js';
import { Composer } from '../../src/compose/composer.js';
import { loadTemplates } from '../../src/compose/templates/template-set.js';
import type { Draft } from '../../src/domain/draft.js';
import { PLATFORM_IDS, type PlatformId } from '../../src/domain/platform.js';
import { rmSync } from 'node:fs';
import { articleText } from '../helpers/builders.js';
import { MASTODON_BROKEN_FOR_SPORT, templatesWith } from '../helpers/templates.js';

const seed: unknown = JSON.parse(articleText());
const templates = loadTemplates('templates');
const composer = new Composer({ templates, maxParts: 6, numbering: true });
const allTargets = PLATFORM_IDS.map((platform) => ({ platform, account: 'default' }));

/**
 * Each platform measured independently of crier's own profiles: twitter-text for X, atproto's
 * UnicodeString and UTF-8 bytes for Bluesky, the documented rules for the rest.
 */
const encoder = new TextEncoder();
function withinLimit(platform: PlatformId, text: string, hasImage: boolean, index: number): boolean {
  switch (platform) {
    case 'x':
      return twitterText.parseTweet(text).weightedLength <= 280;
    case 'bluesky':
      return new UnicodeString(text).graphemeLength <= 300 && encoder.encode(text).length <= 3000;
    case 'mastodon': {
      // The server's count: grapheme clusters (unicode-segmenter, not crier's Intl.Segmenter), URLs as 23.
      let length = countGraphemes(text);
      for (const u of twitterText.extractUrlsWithIndices(text, { extractUrlsWithoutProtocol: false })) length += 23 - countGraphemes(u.url);
      return length <= 500;
    }
    case 'threads': {
      // Meta's rule: an emoji (the whole sequence emoji-regex finds) counts as its UTF-8 bytes.
      let n = 0;
      let at = 0;
      for (const m of text.matchAll(emojiRegex())) {
        n += [...text.slice(at, m.index)].length + encoder.encode(m[0]).length;
        at = m.index + m[0].length;
      }
      return n + [...text.slice(at)].length <= 500;
    }
    case 'linkedin':
      return text.length <= 3000;
    case 'telegram':
      return text.length <= (hasImage && index === 0 ? 1024 : 4096);
    case 'discord':
      return text.length <= 2000;
    case 'slack':
      return text.length <= 3000;
    case 'webhook':
      return text.length <= 10000;
    case 'matrix':
      // No character limit in Matrix, only 64 KiB per event; crier's own cap is 4000 code points.
      return [...text].length <= 4000;
  }
}

function assertWellFormed(drafts: Draft[], url: string, hasImage: boolean): void {
  for (const draft of drafts) {
    expect(draft.parts.length, `${draft.platform} has parts`).toBeGreaterThan(0);
    draft.parts.forEach((part, i) => {
      expect(part.text.trim(), `${draft.platform} part ${i} is not empty`).not.toBe('');
      expect(withinLimit(draft.platform, part.text, hasImage, i), `${draft.platform} part ${i} within limit: ${part.text}`).toBe(true);
      expect(part.length).toBeLessThanOrEqual(part.limit);
    });
    const shown = draft.link.displayText ?? url;
    expect(draft.link.url).toBe(url);
    expect(draft.parts.some((p) => p.text.includes(shown)), `${draft.platform} carries the link`).toBe(true);
  }
}

describe('Composer on the seed article', () => {
  const article = parseArticle(seed);
  const drafts = composer.compose(article, allTargets);

  it('renders every platform within its limit, with the link', () => {
    expect(drafts.map((d) => d.platform)).toEqual([...PLATFORM_IDS]);
    assertWellFormed(drafts, article.url, false);
  });

  it('leads with the dek and hashtags from the tags, never cut', () => {
    const x = drafts.find((d) => d.platform === 'x')!;
    expect(x.parts[0]!.text).toContain('Beijing Backs Islamabad’s National Security Efforts Amid Tensions');
    expect(x.parts[0]!.text).toContain('China pledges support for Pakistan’s national security');
    const mastodon = drafts.find((d) => d.platform === 'mastodon')!.parts.map((p) => p.text).join('\n');
    // South Asia has its own Mastodon template: an explicit thread of key points.
    expect(mastodon).toContain('#ChinaPakistanRelations');
    for (const tag of mastodon.match(/#[\p{L}\p{M}\p{N}_]+/gu) ?? []) {
      expect(['#ChinaPakistanRelations', '#CPEC', '#BeltAndRoadInitiative', '#WangYi']).toContain(tag);
    }
  });

  it('uses the section variant where there is one (an explicit Mastodon thread)', () => {
    const mastodon = drafts.find((d) => d.platform === 'mastodon')!;
    expect(mastodon.parts.length).toBeGreaterThanOrEqual(2);
  });

  it('uses the breaking variant for breaking news', () => {
    const breaking = composer.compose(parseArticle({ ...(seed as object), priority: 'breaking' }), [
      { platform: 'x', account: 'default' },
    ]);
    expect(breaking[0]!.parts[0]!.text.startsWith('BREAKING: Beijing Backs')).toBe(true);
  });

  it('carries the image with its alt text, and the link card', () => {
    const withImage = parseArticle({ ...(seed as object), image: { url: 'https://example.com/a.jpg', alt: 'Wang Yi and Ishaq Dar shake hands' } });
    const [bluesky, telegram] = composer.compose(withImage, [
      { platform: 'bluesky', account: 'default' },
      { platform: 'telegram', account: 'default' },
    ]);
    expect(bluesky!.media).toEqual([{ url: 'https://example.com/a.jpg', alt: 'Wang Yi and Ishaq Dar shake hands' }]);
    expect(bluesky!.link).toMatchObject({ url: withImage.url, title: withImage.headline, imageUrl: 'https://example.com/a.jpg' });
    // Bluesky shows the short form of the link, as its app does; the facet carries the full URL.
    expect(bluesky!.link.displayText).toBe('southasiandesk.com/south-asia/beijing-back…');
    expect(bluesky!.parts[0]!.text).toContain('southasiandesk.com/south-asia/beijing-back…');
    expect(bluesky!.language).toBe('en');
    expect(telegram!.parts[0]!.limit).toBe(1024);
  });
});

// Nasty text: the pieces real feeds produce, mixed at random.
const nastyPiece = fc.constantFrom(
  '👨‍👩‍👧‍👦', '🇵🇰🇨🇳', '🏳️‍🌈', 'e\u0301\u0302\u0303', 'Z̴̡̢̛̗̘̙̜̝̞̟̠̤̥̦̩̪̫̬̭̮̯̰̱̲̳̹̺̻̼ͅ', '中国外交部长王毅访问了伊斯兰堡。',
  'پاکستان کے وزیر خارجہ نے ملاقات کی۔', 'भारत के प्रधानमंत्री ने बैठक की।', 'שלום עולם', '#CPEC', '@someone',
  'https://example.org/' + 'very-long-path-segment/'.repeat(20), 'U.S. Gen. Smith said 3.5% on No. 2.',
  '<p>soup &amp; <b>bold</b> <script>x()</script>', '&nbsp;&#8217;&hellip;', 'word '.repeat(30),
  'a'.repeat(5000), 'The minister said the talks went well. ', '“Quote,” he said. ', '\n\n',
);
const nastyText = fc.array(fc.oneof(nastyPiece, fc.string({ unit: 'grapheme', maxLength: 40 })), { minLength: 1, maxLength: 25 }).map((xs) => xs.join(' '));

const nastyArticle = fc.record({
  id: fc.constant('nasty-1'),
  url: fc.constantFrom('https://example.com/a', 'https://example.com/' + 'x'.repeat(300), 'https://exämple.com/ünï/路径?q=1'),
  headline: nastyText.filter((t) => /[\p{L}\p{N}]/u.test(t)),
  summary: fc.option(nastyText, { nil: undefined }),
  body: fc.option(nastyText, { nil: undefined }),
  section: fc.option(fc.constantFrom('South Asia', 'Opinion', 'World'), { nil: undefined }),
  tags: fc.array(fc.oneof(nastyPiece, fc.string({ maxLength: 30 })), { maxLength: 8 }),
  priority: fc.constantFrom('normal', 'breaking'),
  image: fc.option(fc.record({ url: fc.constant('https://example.com/i.jpg'), alt: nastyText }), { nil: undefined }),
});

describe('Composer on generated nasty input', () => {
  it('never exceeds a limit, never leaves a part empty, never throws, always carries the link', () => {
    let composed = 0;
    fc.assert(
      fc.property(nastyArticle, (event) => {
        let article;
        try {
          article = parseArticle(event);
        } catch {
          return; // intake may refuse it (e.g. a headline that cleans to nothing): that is its job
        }
        const drafts = composer.compose(article, allTargets);
        assertWellFormed(drafts, article.url, article.image !== undefined);
        composed++;
      }),
      { numRuns: 150, seed: 20251129 },
    );
    // Guards against a vacuous pass where intake refused every generated article (intake's size
    // caps refuse the generator's 5,000-character headlines, about half of them).
    expect(composed).toBeGreaterThan(50);
    // About 2 s alone, 5 s beside the rest of the suite: room for three times the worst.
  }, 60_000);
});

describe('Composer.composeEach', () => {
  it('gives every target the draft compose() gives it, in order', () => {
    const article = parseArticle(seed);
    const outcomes = composer.composeEach(article, allTargets);
    expect(outcomes.map((o) => (o.ok ? o.draft : o.error))).toEqual(allTargets.map((t) => composer.compose(article, [t])[0]));
  });

  it('keeps one target\'s failure to that target: the others are composed', () => {
    const dir = templatesWith({ 'mastodon.liquid': MASTODON_BROKEN_FOR_SPORT }, 'compose-each');
    try {
      const strict = new Composer({ templates: loadTemplates(dir), maxParts: 6, numbering: true });
      const targets = [{ platform: 'x', account: 'a' }, { platform: 'mastodon', account: 'b' }, { platform: 'bluesky', account: 'c' }] as const;
      const outcomes = strict.composeEach(parseArticle({ ...(seed as object), section: 'Sport' }), targets);
      expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
      const failed = outcomes[1]!;
      expect(failed.ok ? undefined : (failed.error as Error).message).toMatch(/mastodon\.liquid/);
      expect(outcomes[0]!.ok && outcomes[0]!.draft.account).toBe('a');
      expect(outcomes[2]!.ok && outcomes[2]!.draft.platform).toBe('bluesky');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
