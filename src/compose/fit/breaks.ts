/**
 * Where text may be broken without splitting a grapheme cluster. Intl.Segmenter costs about half
 * a microsecond per character, too much to run over every article for every platform, so this
 * decides from the two code points around the position. It is conservative: it may refuse a
 * position that is a cluster boundary, never the reverse. Positions next to white space (nearly
 * every break crier makes) are decided exactly.
 */

/** Code points that attach to what precedes them: marks, joiners, format controls, variation selectors, skin tones, tags, Thai/Lao AM. */
const ATTACHES_BACK = /[\p{M}\p{Cf}\u{1f3fb}-\u{1f3ff}\u0e33\u0eb3]/u;
/** Prepend characters (Arabic number signs and the like) that attach to what follows. */
const ATTACHES_FORWARD = /[\p{Cf}\u0d4e\u{111c2}\u{111c3}\u{1193f}\u{11941}\u{11a3a}\u{11a84}-\u{11a89}\u{11d46}\u{11f02}]/u;
const REGIONAL_INDICATOR = /[\u{1f1e6}-\u{1f1ff}]/u;
const HANGUL = /[\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff\uac00-\ud7a3]/u;
const MARK = /\p{M}/u;
/** Scripts where a virama joins consonants across a mark (Unicode's Indic conjunct rule). */
const INDIC = /[\u0900-\u0dff\u1000-\u109f\u1780-\u17ff\u{11000}-\u{11fff}]/u;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The code point that ends just before `at`, as a string. */
export function charBefore(text: string, at: number): string {
  if (at <= 0) return '';
  const low = text.charCodeAt(at - 1);
  if (isLowSurrogate(low) && at >= 2 && isHighSurrogate(text.charCodeAt(at - 2))) return text.slice(at - 2, at);
  return text.slice(at - 1, at);
}

/** The code point that starts at `at`, as a string. */
export function charAt(text: string, at: number): string {
  const cp = text.codePointAt(at);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

export function isSafeBreak(text: string, at: number): boolean {
  if (at <= 0 || at >= text.length) return true;
  if (isHighSurrogate(text.charCodeAt(at - 1)) && isLowSurrogate(text.charCodeAt(at))) return false;
  const before = charBefore(text, at);
  const after = charAt(text, at);
  if (before === '\r' && after === '\n') return false;
  if (ATTACHES_BACK.test(after)) return false;
  if (before === '\u200d' || ATTACHES_FORWARD.test(before)) return false;
  if (REGIONAL_INDICATOR.test(before) && REGIONAL_INDICATOR.test(after)) return false;
  if (HANGUL.test(before) && HANGUL.test(after)) return false;
  if (MARK.test(before) && INDIC.test(after)) return false;
  return true;
}

/** Scripts written without spaces between words, where a dictionary finds the word breaks. */
export const NO_SPACE_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const OPENING = /[\p{Ps}\p{Pi}]/u;
const CLOSING = /[\p{Pe}\p{Pf}\p{Po}\p{Pd}]/u;

/** A word break with no space at it: only inside spaceless scripts, never leaving punctuation stranded. */
export function isSpacelessWordBreak(text: string, at: number): boolean {
  const before = charBefore(text, at);
  const after = charAt(text, at);
  return (
    (NO_SPACE_SCRIPT.test(before) || NO_SPACE_SCRIPT.test(after)) &&
    !OPENING.test(before) &&
    !CLOSING.test(after) &&
    isSafeBreak(text, at)
  );
}
