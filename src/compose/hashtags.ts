import { twitterText } from '../platforms/twitter-text.js';
import { graphemeLength } from '../platforms/counting.js';

const APOSTROPHES = /['\u2018\u2019\u02bc`\u00b4]/gu;
/** Letters, marks and digits; ZWNJ/ZWJ only between them, where Persian, Urdu and Indic spellings need them. */
const WORD = /[\p{L}\p{M}\p{N}]+(?:[\u200c\u200d]+[\p{L}\p{M}\p{N}]+)*/gu;
const ONLY_DIGITS = /^\p{N}+$/u;
/**
 * Splits a hashtag body into the words a reader sees: "BeltAndRoad", "AIPolicy" → "AI" "Policy",
 * "COVID19" → "COVID" "19", "iPhone" → "i" "Phone"; uncased scripts stay whole.
 */
const HASHTAG_WORD = /\p{Lu}+(?=\p{Lu}\p{Ll})|\p{Lu}[\p{Ll}\p{M}]+|[\p{Lu}\p{M}]+|[\p{Ll}\p{M}]+|\p{N}+|[\p{L}\p{M}]+/gu;

function capitalise(word: string): string {
  // A word with capitals of its own ("iPhone", "COVID", "AI") is spelt that way on purpose.
  if (word !== word.toLowerCase()) return word;
  const first = String.fromCodePoint(word.codePointAt(0) ?? 0);
  return first.toUpperCase() + word.slice(first.length);
}

function key(hashtagBody: string): string {
  return hashtagBody.normalize('NFC').toLowerCase();
}

function hashtagWords(body: string): string[] {
  return (body.match(HASHTAG_WORD) ?? []).map((w) => w.toLowerCase());
}

/** How words of a tag are joined, by script: CamelCase needs capitals, so caseless scripts get a joiner. */
export type ScriptJoiners = Readonly<Record<string, string>>;

/** Underscores where Arabic-script and Indic users write them; nothing for scripts written without spaces. */
export const DEFAULT_JOINERS: ScriptJoiners = {
  Arabic: '_', Hebrew: '_', Devanagari: '_', Bengali: '_', Gurmukhi: '_', Gujarati: '_', Tamil: '_', Telugu: '_',
  Kannada: '_', Malayalam: '_', Sinhala: '_', Hangul: '_', Han: '', Hiragana: '', Katakana: '', Thai: '',
};

/**
 * Symbols carry the meaning of a tag ("R&B", "C++", "Loans & debt", "$5bn"); a hashtag cannot hold
 * them, and without them the tag says something else. Such tags are dropped, not collapsed.
 */
const MEANINGFUL_SYMBOL = /[\p{S}&@%*/\\|=]/u;
const CASED = /\p{Lu}|\p{Ll}/u;
const scriptTests = new Map<string, RegExp | null>();

function scriptOf(word: string, joiners: ScriptJoiners): string | undefined {
  for (const script of Object.keys(joiners)) {
    let re = scriptTests.get(script);
    if (re === undefined) {
      try {
        re = new RegExp(`\\p{Script=${script}}`, 'u');
      } catch {
        re = null; // a misspelt script name in the rules matches nothing
      }
      scriptTests.set(script, re);
    }
    if (re?.test(word)) return script;
  }
  return undefined;
}

/** The joiner for a run of words: CamelCase (none) for cased scripts, the script's joiner otherwise. */
function joinerFor(words: readonly string[], joiners: ScriptJoiners): string {
  let joiner = '';
  for (const w of words) {
    if (CASED.test(w) || !/\p{L}/u.test(w)) continue;
    const script = scriptOf(w, joiners);
    const j = script === undefined ? '_' : (joiners[script] ?? '_');
    if (j !== '') joiner = j;
  }
  return joiner;
}

/**
 * A readable hashtag for a tag: CamelCase for cased scripts ("Belt and Road Initiative" →
 * "#BeltAndRoadInitiative"), the script's joiner otherwise ("پاکستان کرکٹ" → "#پاکستان_کرکٹ",
 * "儿童节" → "#儿童节"), or undefined when the tag would lose its meaning (symbols, or collapsing
 * to two characters or fewer). twitter-text has the last word: what it does not recognise as
 * exactly one hashtag, platforms would not link either.
 */
export function toHashtag(tag: string, joiners: ScriptJoiners = DEFAULT_JOINERS): string | undefined {
  const cleaned = tag.normalize('NFC').trim().replace(/^[#＃]+/u, '');
  if (MEANINGFUL_SYMBOL.test(cleaned)) return undefined;
  const words = cleaned.replace(APOSTROPHES, '').match(WORD);
  if (!words) return undefined;
  const joiner = joinerFor(words, joiners);
  const body = words.map((w) => (CASED.test(w) ? capitalise(w) : w)).join(joiner);
  if (body === '' || ONLY_DIGITS.test(body)) return undefined;
  if (graphemeLength(body) <= 2 && body !== cleaned) return undefined;
  const hashtag = `#${body}`;
  const found = twitterText.extractHashtags(hashtag);
  return found.length === 1 && found[0] === body ? hashtag : undefined;
}

/**
 * Hashtags for `tags` in tag order, at most `max`: duplicates (case-insensitive) dropped, and so is
 * every tag the text already carries, either as that hashtag or as words of its hashtags
 * ("#ChinaPakistanRelations" already covers "Pakistan").
 */
export function pickHashtags(
  tags: readonly string[],
  options: { max: number; text: string; joiners?: ScriptJoiners },
): string[] {
  const present = twitterText.extractHashtags(options.text);
  const taken = new Set(present.map(key));
  const presentWords = new Set(present.flatMap(hashtagWords));
  const out: string[] = [];
  for (const tag of tags) {
    if (out.length >= options.max) break;
    const hashtag = toHashtag(tag, options.joiners);
    if (hashtag === undefined) continue;
    const body = hashtag.slice(1);
    const k = key(body);
    if (taken.has(k)) continue;
    const words = hashtagWords(body);
    if (words.length > 0 && words.every((w) => presentWords.has(w))) continue;
    taken.add(k);
    out.push(hashtag);
  }
  return out;
}
