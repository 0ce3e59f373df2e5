import { contentKeys, STOPWORDS, textKeys, tokenize, type Token } from './text-tokens.js';

/**
 * How much a body sentence is worth as a key point: social editors pick the sentences that carry
 * the story's names and numbers, near the top, of a length that reads well on its own.
 */

const MONEY_OR_DATE = new Set([
  'usd', 'eur', 'gbp', 'pkr', 'inr', 'rmb', 'cny', 'rs', 'dollars', 'rupees', 'yuan', 'euros',
  'billion', 'million', 'trillion', 'crore', 'lakh', 'percent',
  'january', 'february', 'march', 'april', 'june', 'july', 'august', 'september',
  'october', 'november', 'december', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday',
  'saturday', 'sunday',
]);
const CURRENCY_SIGN = /[$€£¥₹₨%]/u;
/** Money and magnitude words of scripts the newsroom publishes in that have no spaces or no case to spot them by. */
const MONEY_WORDS = /[亿万元]|ارب|کروڑ|لاکھ|روپے|ڈالر|करोड़|लाख|रुपये|डॉलर|अरब/u;
const QUOTE_SPAN = /["“][^"”]*["”]|‘[^’]*’(?!\p{L})|«[^»]*»|「[^」]*」/gu;
const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

/** A sentence tokenised once, for scoring and for duplicate checks. */
export interface Candidate {
  text: string;
  index: number;
  tokens: Token[];
  keys: Set<string>;
}

export function candidate(text: string, index: number): Candidate {
  const tokens = tokenize(text);
  return { text, index, tokens, keys: contentKeys(tokens) };
}

export interface ScoringContext {
  /** Content words of the headline and tags. */
  topic: Set<string>;
  /** Words in caseless scripts that recur across the article, but not in most sentences (function words). */
  recurring: Set<string>;
  total: number;
}

/** Words in scripts without capitals can't be spotted as names by case; recurrence stands in for it. */
export function recurringUncasedWords(candidates: readonly Candidate[]): Set<string> {
  const counts = new Map<string, number>();
  for (const c of candidates) {
    const seen = new Set<string>();
    for (const t of c.tokens) if (t.kind === 'uncased') seen.add(t.key);
    for (const key of seen) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  // Short articles have too few sentences to tell names from function words by spread.
  const ceiling = Math.max(3, candidates.length * 0.4);
  const out = new Set<string>();
  for (const [key, n] of counts) if (n >= 2 && n <= ceiling) out.add(key);
  return out;
}

export function topicWords(headline: string, tags: readonly string[]): Set<string> {
  const topic = textKeys(headline);
  for (const tag of tags) for (const k of textKeys(tag)) topic.add(k);
  return topic;
}

/** Length in Latin-equivalent characters: one Han or kana character says about as much as three letters. */
export function readingLength(sentence: string): number {
  let wide = 0;
  for (let i = 0; i < sentence.length; i++) {
    const c = sentence.charCodeAt(i);
    if (c >= 0x2e80 || (c >= 0x1100 && c <= 0x11ff)) {
      wide = sentence.match(WIDE)?.length ?? 0;
      break;
    }
  }
  return sentence.length + 2 * wide;
}

function quoteShare(sentence: string): number {
  let quoted = 0;
  for (const m of sentence.matchAll(QUOTE_SPAN)) quoted += m[0].length;
  return quoted / sentence.length;
}

export function scoreSentence(c: Candidate, ctx: ScoringContext): number {
  const names = new Set<string>();
  const numbers = new Set<string>();
  for (const t of c.tokens) {
    if (t.kind === 'number' || MONEY_OR_DATE.has(t.key)) numbers.add(t.key);
    else if (t.kind === 'capitalised' && !t.first && !STOPWORDS.has(t.key)) names.add(t.key);
    else if (t.kind === 'uncased' && ctx.recurring.has(t.key)) names.add(t.key);
  }
  if (CURRENCY_SIGN.test(c.text) || MONEY_WORDS.test(c.text)) numbers.add('¤');
  let topical = 0;
  for (const k of c.keys) if (ctx.topic.has(k)) topical++;

  let score = Math.min(names.size, 6) + Math.min(numbers.size, 4) + 0.7 * Math.min(topical, 6);
  score += 3 * (1 - c.index / Math.max(1, ctx.total));
  const length = readingLength(c.text);
  if (length < 40) score -= 4;
  if (length > 300) score -= 2 + (length - 300) / 100;
  if (quoteShare(c.text) > 0.6) score -= 3;
  return score;
}
