import twitterText from 'twitter-text';

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

/**
 * A readable CamelCase hashtag for a tag ("Belt and Road Initiative" → "#BeltAndRoadInitiative"),
 * or undefined when nothing linkable remains. twitter-text has the last word: what it does not
 * recognise as exactly one hashtag, platforms would not link either.
 */
export function toHashtag(tag: string): string | undefined {
  const words = tag.normalize('NFC').replace(APOSTROPHES, '').match(WORD);
  if (!words) return undefined;
  const body = words.map(capitalise).join('');
  if (body === '' || ONLY_DIGITS.test(body)) return undefined;
  const hashtag = `#${body}`;
  const found = twitterText.extractHashtags(hashtag);
  return found.length === 1 && found[0] === body ? hashtag : undefined;
}

/**
 * Hashtags for `tags` in tag order, at most `max`: duplicates (case-insensitive) dropped, and so is
 * every tag the text already carries, either as that hashtag or as words of its hashtags
 * ("#ChinaPakistanRelations" already covers "Pakistan").
 */
export function pickHashtags(tags: readonly string[], options: { max: number; text: string }): string[] {
  const present = twitterText.extractHashtags(options.text);
  const taken = new Set(present.map(key));
  const presentWords = new Set(present.flatMap(hashtagWords));
  const out: string[] = [];
  for (const tag of tags) {
    if (out.length >= options.max) break;
    const hashtag = toHashtag(tag);
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
