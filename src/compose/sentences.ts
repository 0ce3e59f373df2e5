/**
 * Sentence and clause splitting for post fitting and summaries.
 *
 * A hand-written scanner rather than Intl.Segmenter: the segmenter splits after "U.S." and
 * "Gen." and costs several times more per article, and compose runs this for every article on
 * every platform. The scanner walks whitespace-separated tokens, so it can never split inside a
 * URL, an email address or a decimal; it only decides at token ends (and, for scripts whose full
 * stop needs no following space, right after that stop).
 */

/** Titles and Latin shorthands that are practically never the end of a sentence. */
const NEVER_FINAL = new Set([
  'mr', 'mrs', 'ms', 'mssrs', 'messrs', 'mme', 'mlle', 'dr', 'drs', 'prof', 'profs',
  'gen', 'gens', 'lt', 'col', 'maj', 'capt', 'cpt', 'cmdr', 'sgt', 'cpl', 'pvt', 'adm', 'brig',
  'gov', 'govs', 'sen', 'sens', 'rep', 'reps', 'rev', 'hon', 'pres', 'supt', 'insp', 'det',
  'amb', 'atty', 'st', 'mt', 'ft', 'sr', 'vs', 'v', 'viz', 'cf', 'e.g', 'i.e', 'approx', 'ca',
]);

/**
 * The newsroom's own abbreviations (templates/rules/dek.json: "Ill.", "Calif.", "Sra."), exactly as
 * written, without the final stop. Like initialisms, they end a sentence only before a common opener.
 */
const NEWSROOM_ABBREVIATIONS = new Set<string>();

/** Adds abbreviations ("Ill.", "N.Y.") that do not end a sentence; read from the rules at start-up. */
export function addAbbreviations(words: Iterable<string>): void {
  for (const w of words) {
    const bare = w.trim().replace(/\.$/, '');
    if (bare !== '') NEWSROOM_ABBREVIATIONS.add(bare);
  }
}

/** Abbreviations that stay attached when a number follows ("No. 2", "Aug. 20", "Fig. 3"). */
const BEFORE_NUMBER = new Set([
  'no', 'nos', 'nr', 'fig', 'figs', 'p', 'pp', 'vol', 'vols', 'ch', 'art', 'sec', 'para', 'op',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'est', 'ed',
]);

/**
 * After an initialism ("U.S.", "a.m.") or an initial ("J."), a capitalised word is usually a name
 * ("U.S. President", "J. K. Rowling"); only these common openers mark a new sentence.
 */
const SENTENCE_OPENERS = new Set([
  'A', 'An', 'The', 'He', 'She', 'It', 'They', 'We', 'I', 'You', 'This', 'That', 'These', 'Those',
  'There', 'Here', 'But', 'And', 'Or', 'So', 'Yet', 'In', 'On', 'At', 'By', 'For', 'From', 'With',
  'After', 'Before', 'During', 'Since', 'However', 'Meanwhile', 'Still', 'Also', 'Then', 'Now',
  'His', 'Her', 'Its', 'Their', 'Our', 'My', 'Your', 'When', 'While', 'As', 'If', 'Although',
  'Some', 'Many', 'Most', 'Several', 'What', 'Why', 'How', 'Who', 'Where', 'Officials', 'Police',
]);

/** Full stops of scripts that end a sentence even with no space after them. */
function isHardStop(c: number): boolean {
  return (
    c === 0x3002 || // 。
    c === 0xff01 || // ！
    c === 0xff1f || // ？
    c === 0xff61 || // ｡
    c === 0x06d4 || // ۔ Urdu full stop
    c === 0x061f || // ؟ Arabic question mark
    c === 0x0964 || // । danda
    c === 0x0965 // ॥ double danda
  );
}

/** Stops that end a sentence only when what follows looks like a new one. */
function isSoftStop(c: number): boolean {
  return c === 0x2e || c === 0x21 || c === 0x3f || c === 0x2026 || c === 0x203c || c === 0x2049;
}

/** Closing quotes and brackets that belong to the sentence they follow. */
function isCloser(c: number): boolean {
  return (
    c === 0x22 || c === 0x27 || c === 0x29 || c === 0x5d || c === 0x7d || c === 0xbb ||
    c === 0x2019 || c === 0x201d || c === 0x203a || c === 0x300d || c === 0x300f ||
    c === 0x3011 || c === 0xff09 || c === 0x300b || c === 0x3009
  );
}

function isOpener(c: number): boolean {
  return (
    c === 0x22 || c === 0x27 || c === 0x28 || c === 0x5b || c === 0x7b || c === 0xab ||
    c === 0x2018 || c === 0x201c || c === 0x201e || c === 0x201a || c === 0x2039 ||
    c === 0xbf || c === 0xa1 || c === 0x2a || c === 0x5f
  );
}

/** Exactly the characters `String.prototype.trim` and `\s` treat as white space. */
export function isSpaceCode(c: number): boolean {
  return (
    c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f ||
    c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isLowercaseLetter(ch: string): boolean {
  return ch !== ch.toUpperCase() && ch === ch.toLowerCase();
}

/** Marks that continue the current sentence when they start the next token. */
function isContinuation(c: number): boolean {
  return c === 0x2c || c === 0x3b || c === 0x3a || c === 0x25 || c === 0x29 || c === 0x5d || c === 0x7d;
}

const INITIALISM = /^(?:[A-Za-z]{1,2}\.)*[A-Za-z]{1,2}$/;

interface NextToken {
  /** First character after any opening quotes or brackets; '' at the end of the text. */
  first: string;
  firstCode: number;
  /** The leading run of letters, for the sentence-opener check. */
  word: string;
}

function peekNext(text: string, from: number): NextToken {
  const n = text.length;
  let k = from;
  while (k < n && isSpaceCode(text.charCodeAt(k))) k++;
  while (k < n && isOpener(text.charCodeAt(k))) k++;
  if (k >= n) return { first: '', firstCode: -1, word: '' };
  const code = text.codePointAt(k) ?? -1;
  let e = k;
  while (e < n && e - k < 20 && /\p{L}/u.test(text[e] ?? '')) e++;
  return { first: String.fromCodePoint(code), firstCode: code, word: text.slice(k, e) };
}

/**
 * Whether a token that ends with a soft stop ends its sentence. `core` is the token without
 * closing quotes/brackets; `stop` is the index in `core` where the run of stops begins.
 */
function endsSentence(core: string, stop: number, next: NextToken): boolean {
  if (next.firstCode === -1) return true;
  if (isContinuation(next.firstCode)) return false;
  if (isLowercaseLetter(next.first)) return false;
  const stops = core.slice(stop);
  if (stops !== '.') return true;
  let b = 0;
  while (b < stop && isOpener(core.charCodeAt(b))) b++;
  const word = core.slice(b, stop);
  const lower = word.toLowerCase();
  if (NEVER_FINAL.has(lower)) return false;
  if (NEWSROOM_ABBREVIATIONS.has(word)) return SENTENCE_OPENERS.has(next.word);
  if (BEFORE_NUMBER.has(lower) && isDigit(next.firstCode)) return false;
  if (INITIALISM.test(word) && (word.includes('.') || (word.length === 1 && word !== word.toLowerCase()))) {
    return SENTENCE_OPENERS.has(next.word);
  }
  return true;
}

/**
 * Splits text into sentences. Sentences are trimmed and non-empty, and joining them with spaces
 * keeps every non-space character of the input in order. A blank line always ends a sentence.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  const n = text.length;
  let sentenceStart = 0;
  const cut = (at: number): void => {
    const s = text.slice(sentenceStart, at).trim();
    if (s) out.push(s);
    sentenceStart = at;
  };

  let i = 0;
  while (i < n) {
    let newlines = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (!isSpaceCode(c)) break;
      if (c === 0x0a) newlines++;
      i++;
    }
    if (newlines >= 2) cut(i);
    if (i >= n) break;

    const tokenStart = i;
    let endsHard = false;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (isSpaceCode(c)) break;
      i++;
      if (isHardStop(c)) {
        while (i < n && (isHardStop(text.charCodeAt(i)) || isSoftStop(text.charCodeAt(i)))) i++;
        while (i < n && isCloser(text.charCodeAt(i))) i++;
        if (i < n && !isSpaceCode(text.charCodeAt(i))) cut(i);
        else endsHard = true;
      }
    }
    const tokenEnd = i;
    if (endsHard) {
      cut(tokenEnd);
      continue;
    }

    let coreEnd = tokenEnd;
    while (coreEnd > tokenStart && isCloser(text.charCodeAt(coreEnd - 1))) coreEnd--;
    let stop = coreEnd;
    while (stop > tokenStart && isSoftStop(text.charCodeAt(stop - 1))) stop--;
    if (stop === coreEnd) continue;
    const core = text.slice(tokenStart, coreEnd);
    if (endsSentence(core, stop - tokenStart, peekNext(text, tokenEnd))) cut(tokenEnd);
  }
  cut(n);
  return out;
}

function isClauseMark(c: number): boolean {
  return c === 0x2c || c === 0x3b || c === 0x3a || c === 0x3001 || c === 0xff0c || c === 0xff1b || c === 0x060c || c === 0x061b;
}

/**
 * Splits a sentence into clauses: after , ; : (when a space follows, so "1,000" and "10:30"
 * survive), after em dashes, after spaced en dashes, before "(" and after ")". Punctuation stays
 * with the piece on its left. Pieces are trimmed and non-empty.
 */
export function splitClauses(sentence: string): string[] {
  const out: string[] = [];
  const n = sentence.length;
  let start = 0;
  const cut = (at: number): void => {
    const s = sentence.slice(start, at).trim();
    if (s) out.push(s);
    start = at;
  };
  for (let i = 0; i < n; i++) {
    const c = sentence.charCodeAt(i);
    const next = i + 1 < n ? sentence.charCodeAt(i + 1) : -1;
    const prev = i > 0 ? sentence.charCodeAt(i - 1) : -1;
    if (isClauseMark(c)) {
      // Chinese and Arabic commas need no space after them.
      if (next === -1 || isSpaceCode(next) || c > 0x7f) cut(i + 1);
    } else if (c === 0x2014) {
      cut(i + 1);
    } else if (c === 0x2013) {
      if (isSpaceCode(prev) || isSpaceCode(next)) cut(i + 1);
    } else if (c === 0x28) {
      if (prev === -1 || isSpaceCode(prev)) cut(i);
    } else if (c === 0x29) {
      if (next !== -1 && isSpaceCode(next)) cut(i + 1);
    }
  }
  cut(n);
  return out;
}

/** Sentences back into text: a space between them, except after a full-width stop (Chinese, Japanese), which needs none. */
export function joinSentences(sentences: readonly string[]): string {
  let out = '';
  for (const s of sentences) {
    if (out === '') out = s;
    else out += (/[。！？｡」』）]$/u.test(out) ? '' : ' ') + s;
  }
  return out;
}
