/**
 * Words for comparing and scoring sentences. Scripts written without spaces (Han, kana, Thai…)
 * have no words to split on, so their runs become overlapping character pairs, which is what
 * makes "巴基斯坦" in a headline match "巴基斯坦" in a sentence. Summaries run for every article
 * composed, so the common (Latin) path avoids Unicode-property regexes per word.
 */

const NUMBER_START = /^\p{N}/u;
const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;
const MARK = /^\p{M}$/u;

export type TokenKind = 'number' | 'capitalised' | 'lower' | 'uncased';

export interface Token {
  /** Lower-cased, for matching. */
  key: string;
  kind: TokenKind;
  /** Whether it is the first word of its sentence (capitals there say nothing about names). */
  first: boolean;
}

/** 0 = not part of a word, 1 = letter or number, 2 = combining mark. Cached: articles reuse few code points. */
const classCache = new Map<number, number>();
function charClass(cp: number): number {
  if (cp < 0x80) {
    return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) ? 1 : 0;
  }
  let cls = classCache.get(cp);
  if (cls === undefined) {
    const ch = String.fromCodePoint(cp);
    cls = LETTER_OR_NUMBER.test(ch) ? 1 : MARK.test(ch) ? 2 : 0;
    if (classCache.size < 8192) classCache.set(cp, cls);
  }
  return cls;
}

/** Scripts written without spaces between words. */
function isUnspaced(cp: number): boolean {
  return (
    (cp >= 0x0e00 && cp <= 0x0eff) || // Thai, Lao
    (cp >= 0x1000 && cp <= 0x109f) || // Myanmar
    (cp >= 0x1780 && cp <= 0x17ff) || // Khmer
    (cp >= 0x3040 && cp <= 0x30ff) || // kana
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x20000 && cp <= 0x3ffff) // Han extensions
  );
}

/** Characters that may sit inside a word ("Pakistan’s", "China-Pakistan", "U.S", "3.5"). */
function isInnerJoiner(c: number): boolean {
  return c === 0x27 || c === 0x2019 || c === 0x2d || c === 0x5f || c === 0x2e;
}

function kindOf(word: string): TokenKind {
  const c = word.charCodeAt(0);
  if (c >= 0x30 && c <= 0x39) return 'number';
  if (c >= 0x41 && c <= 0x5a) return 'capitalised';
  if (c >= 0x61 && c <= 0x7a) return 'lower';
  if (NUMBER_START.test(word)) return 'number';
  const initial = String.fromCodePoint(word.codePointAt(0) ?? 0);
  const lower = initial.toLowerCase();
  if (lower === initial.toUpperCase()) return 'uncased';
  return initial === lower ? 'lower' : 'capitalised';
}

function pairs(run: string, out: Token[], first: boolean): void {
  const chars = Array.from(run);
  if (chars.length === 1) {
    out.push({ key: run, kind: 'uncased', first });
    return;
  }
  for (let i = 0; i + 1 < chars.length; i++) {
    out.push({ key: `${chars[i] ?? ''}${chars[i + 1] ?? ''}`, kind: 'uncased', first: first && i === 0 });
  }
}

function codePointAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff ? (text.codePointAt(i) ?? c) : c;
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const n = text.length;
  let first = true;
  let i = 0;
  while (i < n) {
    const cp = codePointAt(text, i);
    const size = cp > 0xffff ? 2 : 1;
    if (!isAsciiAlnum(cp) && charClass(cp) !== 1) {
      i += size;
      continue;
    }
    const unspaced = cp >= 0x0e00 && isUnspaced(cp);
    let j = i + size;
    while (j < n) {
      const next = codePointAt(text, j);
      if (isAsciiAlnum(next)) {
        if (unspaced) break;
        j++;
        continue;
      }
      const cls = charClass(next);
      if (cls === 2 || (cls === 1 && isUnspaced(next) === unspaced)) {
        j += next > 0xffff ? 2 : 1;
      } else if (!unspaced && isInnerJoiner(next) && j + 1 < n) {
        const after = codePointAt(text, j + 1);
        if (!isAsciiAlnum(after) && (charClass(after) !== 1 || isUnspaced(after))) break;
        j += 1;
      } else break;
    }
    const word = text.slice(i, j);
    if (unspaced) pairs(word, out, first);
    else out.push({ key: word.toLowerCase(), kind: kindOf(word), first });
    first = false;
    i = j;
  }
  return out;
}

/** English words too common to say anything about what a sentence is about. */
export const STOPWORDS = new Set([
  'a', 'an', 'the', 'and', 'or', 'but', 'of', 'in', 'on', 'at', 'to', 'for', 'from', 'by', 'with', 'as',
  'is', 'are', 'was', 'were', 'be', 'been', 'has', 'have', 'had', 'it', 'its', 'this', 'that', 'these',
  'those', 'he', 'she', 'they', 'we', 'his', 'her', 'their', 'our', 'not', 'no', 'will', 'would',
  'can', 'could', 'should', 'may', 'amid', 'over', 'after', 'into', 'than', 'also', 'said', 'says',
  'about', 'what', 'why', 'how', 'who', 'which', 'while', 'during', 'new',
]);

/** Words worth matching between sentences, and against the headline or tags. */
export function contentKeys(tokens: readonly Token[]): Set<string> {
  const keys = new Set<string>();
  for (const t of tokens) {
    if (STOPWORDS.has(t.key)) continue;
    if (t.key.length < 3 && t.kind !== 'uncased' && t.kind !== 'number') continue;
    const key = t.key.endsWith('’s') || t.key.endsWith("'s") ? t.key.slice(0, -2) : t.key;
    keys.add(key);
    // "China-Pakistan" is also about China and about Pakistan.
    if (key.includes('-')) for (const part of key.split('-')) if (part.length >= 3) keys.add(part);
  }
  return keys;
}

export function textKeys(text: string): Set<string> {
  return contentKeys(tokenize(text));
}
