import twitterText from 'twitter-text';
import { describe, expect, it } from 'vitest';
import { fitThread, fitThreadReport, HASHTAG_SLOT, type FitInput } from '../../src/compose/fit.js';
import { graphemeLength, utf8Length } from '../../src/platforms/counting.js';
import { PROFILES } from '../../src/platforms/profiles.js';
import type { PlatformProfile } from '../../src/platforms/profile.js';

const URL = 'https://example.com/news/beijing-backs-islamabad';
const x = PROFILES.x;
const bluesky = PROFILES.bluesky;
const mastodon = PROFILES.mastodon;
const telegram = PROFILES.telegram;
const linkedin = PROFILES.linkedin;

function fit(text: string | string[], profile: PlatformProfile, extra: Partial<FitInput> = {}) {
  return fitThread(
    { parts: Array.isArray(text) ? text : [text], url: URL, hashtags: [], maxParts: 25, numbering: true, ...extra },
    profile,
  );
}

function expectAllFit(parts: ReturnType<typeof fit>, profile: PlatformProfile): void {
  for (const p of parts) {
    expect(profile.fits(p.text, p.limit)).toBe(true);
    expect(p.length).toBe(profile.measure(p.text));
    expect(p.text.trim()).not.toBe('');
    expect(p.text).toBe(p.text.trim());
    expect(p.text).not.toMatch(/ {2}/);
  }
}

/** Part text without the " i/n" suffix. */
function body(text: string): string {
  return text.replace(/ \d+\/\d+$/, '');
}

const SENTENCE_A = 'Pakistan and China signed new agreements on Monday in Islamabad.';
const SENTENCE_B = 'The deal covers energy, roads and ports, officials said, adding that the first projects would start next year.';
const ARTICLE = Array.from({ length: 12 }, (_, i) => (i % 2 ? SENTENCE_B : SENTENCE_A)).join(' ');

describe('fitThread: single posts', () => {
  it('keeps a post that fits as one part and adds the link on its own line', () => {
    const parts = fit('China pledges support for Pakistan.', x);
    expect(parts).toEqual([
      { text: `China pledges support for Pakistan.\n${URL}`, length: 36 + 23, limit: 280 },
    ]);
    expect(parts[0]?.length).toBe(twitterText.parseTweet(parts[0]?.text ?? '').weightedLength);
  });

  it('leaves a link the template placed where it is, and does not add it again', () => {
    const parts = fit(`Read: ${URL} — China pledges support.`, mastodon);
    expect(parts.map((p) => p.text)).toEqual([`Read: ${URL} — China pledges support.`]);
  });

  it('returns the link alone when the template rendered nothing', () => {
    expect(fit(['  ', ''], bluesky).map((p) => p.text)).toEqual([URL]);
  });

  it('returns nothing when there is neither text nor link', () => {
    expect(fit('', x, { url: '' })).toEqual([]);
  });

  it('preserves paragraph breaks and adds no numbering to a single part', () => {
    const parts = fit('Headline here\n\nFirst paragraph.\n\nSecond paragraph.', bluesky);
    expect(parts.map((p) => p.text)).toEqual([`Headline here\n\nFirst paragraph.\n\nSecond paragraph.\n${URL}`]);
  });

  it('counts a URL as 23 on Mastodon, so a long link does not force a thread', () => {
    const longUrl = `https://example.com/${'a'.repeat(600)}`;
    const text = 'w'.repeat(470);
    const parts = fit(text, mastodon, { url: longUrl });
    expect(parts).toHaveLength(1);
    expect(parts[0]?.length).toBe(470 + 1 + 23);
  });
});

describe('fitThread: threads', () => {
  it('splits at sentence boundaries on X, numbering every part', () => {
    const parts = fit(ARTICLE, x);
    expect(parts.length).toBeGreaterThan(2);
    expectAllFit(parts, x);
    parts.forEach((p, i) => expect(p.text.endsWith(` ${i + 1}/${parts.length}`)).toBe(true));
    expect(parts[0]?.text).toContain(`\n${URL} 1/`);
    for (const p of parts) {
      const content = body(p.text).replace(`\n${URL}`, '');
      expect(content).toMatch(/\.$/);
    }
    const rejoined = parts.map((p) => body(p.text).replace(`\n${URL}`, '')).join(' ');
    expect(rejoined).toBe(ARTICLE);
  });

  it('packs as many whole sentences as fit', () => {
    const parts = fit(ARTICLE, mastodon, { numbering: false });
    expectAllFit(parts, mastodon);
    for (let i = 0; i < parts.length - 1; i++) {
      const content = (parts[i]?.text ?? '').replace(`\n${URL}`, '');
      const nextSentence = (parts[i + 1]?.text ?? '').split(/(?<=\.) /)[0] ?? '';
      const withNext = `${content} ${nextSentence}${i === 0 ? `\n${URL}` : ''}`;
      expect(mastodon.fits(withNext)).toBe(false);
    }
  });

  it('splits a sentence longer than a part after its clauses', () => {
    const clause = 'officials in Islamabad and Beijing said on Monday after talks';
    const sentence = `${Array.from({ length: 8 }, () => clause).join(', ')}.`;
    const parts = fit(sentence, x, { numbering: false });
    expect(parts.length).toBeGreaterThan(1);
    expectAllFit(parts, x);
    for (const p of parts.slice(0, -1)) expect(p.text.replace(`\n${URL}`, '')).toMatch(/,$/);
  });

  it('splits a sentence with no punctuation between words, never inside one', () => {
    const words = Array.from({ length: 150 }, (_, i) => `word${i}`);
    const parts = fit(words.join(' '), bluesky, { numbering: false });
    expectAllFit(parts, bluesky);
    const out = parts.flatMap((p) => p.text.replace(`\n${URL}`, '').split(/\s+/));
    expect(out).toEqual(words);
  });

  it('keeps URLs, hashtags and mentions whole', () => {
    const tokens = ['@ministry_of_foreign_affairs', '#ChinaPakistanEconomicCorridor', 'https://example.org/a/very/long/path'];
    const text = Array.from({ length: 40 }, (_, i) => tokens[i % 3]).join(' ');
    for (const profile of [x, bluesky]) {
      const parts = fit(text, profile, { numbering: false });
      expectAllFit(parts, profile);
      const out = parts.flatMap((p) => p.text.replace(`\n${URL}`, '').split(/\s+/));
      expect(out).toEqual(text.split(' '));
    }
  });

  it('cuts a 5,000-character run only where it must, at grapheme boundaries', () => {
    const run = 'é'.normalize('NFD').repeat(2500);
    const parts = fit(run, bluesky, { numbering: false });
    expectAllFit(parts, bluesky);
    const rest = parts.map((p) => p.text.replace(`\n${URL}`, ''));
    expect(rest.join('')).toBe(run);
    for (const r of rest) expect(r.startsWith('\u0301')).toBe(false);
    expect(rest.slice(1, -1).every((r) => graphemeLength(r) === 300)).toBe(true);
  });

  it('splits Chinese at its full stops and inside long sentences at word boundaries', () => {
    const sentence = '中国和巴基斯坦周一在伊斯兰堡签署了新的能源、道路和港口协议。';
    const text = sentence.repeat(12);
    const parts = fit(text, x, { numbering: false });
    expectAllFit(parts, x);
    for (const p of parts) expect(p.text.replace(`\n${URL}`, '')).toMatch(/。$/);
    const unpunctuated = '中国和巴基斯坦周一在伊斯兰堡签署了新的能源道路和港口协议'.repeat(10);
    const parts2 = fit(unpunctuated, x, { numbering: false });
    expectAllFit(parts2, x);
    expect(parts2.map((p) => p.text.replace(`\n${URL}`, '')).join('')).toBe(unpunctuated);
  });

  it('keeps the 3000-byte cap on Bluesky for emoji-heavy text', () => {
    const family = '👨‍👩‍👧‍👦';
    const parts = fit(Array.from({ length: 400 }, () => family).join(' '), bluesky, { numbering: false });
    expect(parts.length).toBeGreaterThan(2);
    expectAllFit(parts, bluesky);
    for (const p of parts) expect(utf8Length(p.text)).toBeLessThanOrEqual(3000);
  });

  it('respects explicit part markers', () => {
    const parts = fit(['First part.', 'Second part.'], x);
    expect(parts.map((p) => p.text)).toEqual([`First part.\n${URL} 1/2`, 'Second part. 2/2']);
  });

  it('switches to two-digit numbering when the thread reaches ten parts', () => {
    for (let n = 14; n <= 24; n++) {
      const text = Array.from({ length: n }, (_, i) => `Sentence number ${i} ${'x'.repeat(100)}.`).join(' ');
      const parts = fit(text, x);
      expectAllFit(parts, x);
      parts.forEach((p, i) => expect(p.text.endsWith(` ${i + 1}/${parts.length}`)).toBe(true));
    }
  });

  it('numbers a thread of exactly ten parts within the limit', () => {
    // Each sentence fills a part exactly when one digit of numbering is reserved, not two.
    const sentence = (i: number): string => `S${i} ${'y'.repeat(271)}.`;
    const text = Array.from({ length: 10 }, (_, i) => sentence(i)).join(' ');
    const parts = fit(text, x, { url: '' });
    expectAllFit(parts, x);
    expect(parts.length).toBeGreaterThanOrEqual(10);
    parts.forEach((p, i) => expect(p.text.endsWith(` ${i + 1}/${parts.length}`)).toBe(true));
  });
});

describe('fitThread: caps', () => {
  it('ends the last allowed part with an ellipsis and the link', () => {
    const parts = fit(ARTICLE, x, { maxParts: 3 });
    expect(parts).toHaveLength(3);
    expectAllFit(parts, x);
    const last = parts[2]?.text ?? '';
    expect(last).toMatch(new RegExp(`(\\.|\\w) ?…\\n${URL.replace(/[.]/g, '\\.')} 3/3$`));
    expect(parts[0]?.text).toContain(URL);
  });

  it('is capped by the profile too: LinkedIn gets one post ending in "…" and the link once', () => {
    const parts = fit(ARTICLE.repeat(4), linkedin, { maxParts: 10 });
    expect(parts).toHaveLength(1);
    expectAllFit(parts, linkedin);
    const text = parts[0]?.text ?? '';
    expect(text.endsWith(` …\n${URL}`)).toBe(true);
    expect(text.split(URL)).toHaveLength(2);
    expect(text.length).toBeGreaterThan(2800);
  });

  it('does not repeat the link in the last part when it is already there', () => {
    const text = `${ARTICLE} Read more at ${URL} today. ${ARTICLE}`;
    const parts = fit(text, mastodon, { maxParts: 2, numbering: false });
    expect(parts).toHaveLength(2);
    expectAllFit(parts, mastodon);
    const all = parts.map((p) => p.text).join('\n');
    expect(all).toContain(URL);
    expect(parts[1]?.text.endsWith('…') || parts[1]?.text.endsWith(URL)).toBe(true);
  });

  it('uses the smaller first-part limit for a Telegram photo caption', () => {
    const text = ARTICLE.repeat(4);
    const parts = fit(text, telegram, { firstPartLimit: 1024 });
    expectAllFit(parts, telegram);
    expect(parts[0]?.limit).toBe(1024);
    expect(parts[0]?.length).toBeLessThanOrEqual(1024);
    expect(parts[0]?.length).toBeGreaterThan(900);
    expect(parts[1]?.limit).toBe(4096);
  });
});

describe('fitThread: hashtag slot', () => {
  it('fills the slot with the hashtags in order', () => {
    const parts = fit(`China pledges support.\n\n${HASHTAG_SLOT}`, bluesky, { hashtags: ['#CPEC', '#China', '#Pakistan'] });
    expect(parts.map((p) => p.text)).toEqual([`China pledges support.\n\n#CPEC #China #Pakistan\n${URL}`]);
  });

  it('caps hashtags at the profile maximum', () => {
    const parts = fit(`China pledges support. ${HASHTAG_SLOT}`, x, { hashtags: ['#CPEC', '#China', '#Pakistan'] });
    expect(parts.map((p) => p.text)).toEqual([`China pledges support. #CPEC #China\n${URL}`]);
  });

  it('drops hashtags that do not fit, never cutting one', () => {
    // 280 - 23 (link) - 1 (newline) - 2 (blank line) = 254 left; 249 + "#CPEC" (5) fills it exactly, the long one does not.
    const text = `${'z'.repeat(249)}\n\n${HASHTAG_SLOT}`;
    const parts = fit(text, x, { hashtags: ['#ChinaPakistanEconomicCorridor', '#CPEC'] });
    expect(parts).toHaveLength(1);
    expect(parts[0]?.text).toBe(`${'z'.repeat(249)}\n\n#CPEC\n${URL}`);
    expect(parts[0]?.length).toBe(280);
  });

  it('removes the slot and its blank line when nothing fits', () => {
    const text = `${'z'.repeat(254)}\n\n${HASHTAG_SLOT}\n`;
    const parts = fit(text, x, { hashtags: ['#CPEC'] });
    expect(parts.map((p) => p.text)).toEqual([`${'z'.repeat(254)}\n${URL}`]);
  });

  it('removes an inline slot without leaving a double space', () => {
    const parts = fit(`Talks ${HASHTAG_SLOT} resume.`, mastodon, { hashtags: [] });
    expect(parts.map((p) => p.text)).toEqual([`Talks resume.\n${URL}`]);
  });

  it('does not repeat a hashtag the text already has', () => {
    const parts = fit(`Talks on #cpec resume. ${HASHTAG_SLOT}`, mastodon, { hashtags: ['#CPEC', '#China'] });
    expect(parts.map((p) => p.text)).toEqual([`Talks on #cpec resume. #China\n${URL}`]);
  });

  it('fills a slot at the end of a thread in the last part', () => {
    const parts = fit(`${ARTICLE}\n\n${HASHTAG_SLOT}`, x, { hashtags: ['#CPEC'] });
    expectAllFit(parts, x);
    expect(parts[parts.length - 1]?.text).toMatch(/\.\n\n#CPEC \d+\/\d+$/);
    expect(parts.filter((p) => p.text.includes('#CPEC'))).toHaveLength(1);
  });

  it('keeps a slot whose text was cut off by the cap in the last part, if it fits', () => {
    const parts = fit(`${ARTICLE}\n\n${HASHTAG_SLOT}`, mastodon, { hashtags: ['#CPEC'], maxParts: 1 });
    expect(parts).toHaveLength(1);
    expectAllFit(parts, mastodon);
    expect(parts[0]?.text).toMatch(/…\n\n#CPEC\nhttps:/);
  });
});

describe('fitThreadReport', () => {
  it('counts a last-resort cut when a part cannot fit as planned', () => {
    const url = `https://example.com/${'a'.repeat(400)}`;
    const report = fitThreadReport({ parts: [''], url, hashtags: [], maxParts: 3, numbering: true }, bluesky);
    expect(report.lastResortCuts).toBe(1);
    expectAllFit(report.parts, bluesky);
  });

  it('counts none on an ordinary thread', () => {
    const report = fitThreadReport({ parts: [ARTICLE], url: URL, hashtags: [], maxParts: 25, numbering: true }, x);
    expect(report.parts.length).toBeGreaterThan(1);
    expect(report.lastResortCuts).toBe(0);
  });
});
