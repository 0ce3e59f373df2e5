import fc from 'fast-check';
import { HASHTAG_SLOT } from '../../../src/compose/fit.js';

/** Text fragments that have broken fitters before: every script, cluster and token shape crier sees. */
const letters = fc.stringMatching(/^[a-zA-Z]{1,12}$/);
const emoji = fc.constantFrom('👨‍👩‍👧‍👦', '🇵🇰', '🇮🇳🇵🇰🇨🇳', '👍🏽', '❤️', '🏳️‍🌈', '🧑🏿‍🚀', '😀😀😀');
const cjk = fc.constantFrom('中国和巴基斯坦', '签署了新的协议。', '伊斯兰堡', '、', '，', '東京で会談した。', 'ประเทศไทย');
const rtl = fc.constantFrom('پاکستان', 'اور چین نے', 'معاہدے پر دستخط کیے۔', '؟', 'مرحبا بالعالم', '\u0600\u0661');
const indic = fc.constantFrom('भारत', 'नई दिल्ली में', 'समझौता हुआ।', 'क्षत्रिय', 'ক্ষ', 'ஸ்ரீ');
const zalgo = fc
  .tuple(fc.constantFrom('a', 'Z', 'ع', 'क', ' '), fc.array(fc.integer({ min: 0x300, max: 0x36f }), { minLength: 1, maxLength: 40 }))
  .map(([base, marks]) => base + String.fromCodePoint(...marks));
const punctuation = fc.constantFrom('.', ',', ';', ':', '—', '–', '!', '?', '(', ')', '"', "'", '。', '«', '»');
const space = fc.constantFrom(' ', ' ', ' ', ' ', '\n', '\n\n', '\t', '  ', '\r\n', '\u00a0');
const run = fc
  .tuple(fc.integer({ min: 200, max: 5000 }), fc.constantFrom('a', 'é', '中', '👍🏽', 'क्ष', 'x\u0301'))
  .map(([n, unit]) => unit.repeat(Math.ceil(n / unit.length)));
const link = fc
  .stringMatching(/^[a-z0-9_\-/]{1,400}$/)
  .map((path) => `https://example.org/${path}`);
const html = fc.constantFrom('<p>', '</p>', '<a href="https://example.net/x">', '&amp;', '<br/>', '<div class="lede">', '&nbsp;', '<!-- x -->');
const tokens = fc.constantFrom('#CPEC', '@dawn_com', '$TSLA', '#中国', '#पाकिस्तान', 'example.com', 'user@example.com');
const random = fc.string({ unit: 'binary', maxLength: 8 });

export const fragment = fc.oneof(
  { arbitrary: letters, weight: 12 },
  { arbitrary: space, weight: 14 },
  { arbitrary: punctuation, weight: 5 },
  { arbitrary: emoji, weight: 3 },
  { arbitrary: cjk, weight: 3 },
  { arbitrary: rtl, weight: 3 },
  { arbitrary: indic, weight: 3 },
  { arbitrary: zalgo, weight: 2 },
  { arbitrary: run, weight: 1 },
  { arbitrary: link, weight: 2 },
  { arbitrary: html, weight: 2 },
  { arbitrary: tokens, weight: 2 },
  { arbitrary: random, weight: 2 },
  { arbitrary: fc.constant(HASHTAG_SLOT), weight: 1 },
);

export const nastyText = fc.array(fragment, { maxLength: 60 }).map((a) => a.join(''));

/** The article link: never occurs in generated text, so what the fitter adds can be told apart. */
export function articleUrl(maxLength: number): fc.Arbitrary<string> {
  return fc
    .stringMatching(/^[a-z0-9-]{1,1000}$/)
    .map((slug) => `https://crier-news.com/story/${slug}`.slice(0, maxLength));
}

/** Hashtags the generator never writes itself, so they can be stripped before comparing text. */
export const TAGS = ['#Zqalpha', '#Zqbeta', '#Zqgamma'];
