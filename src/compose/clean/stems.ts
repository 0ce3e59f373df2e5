import { textKeys } from '../text-tokens.js';

const SUFFIXES: ReadonlyArray<readonly [string, string]> = [
  ['ies', 'y'], ['ied', 'y'], ['ing', ''], ['ed', ''], ['es', ''], ['s', ''], ['d', ''], ['e', ''],
];

/** A light stem for Latin words, enough to match "dies"/"died", "signs"/"signed", "fare"/"fares". */
export function stem(key: string): string {
  if (key.length <= 3 || !/^[\p{Script=Latin}]+$/u.test(key)) return key;
  for (const [suffix, replacement] of SUFFIXES) {
    if (key.endsWith(suffix) && key.length - suffix.length >= 3) return key.slice(0, -suffix.length) + replacement;
  }
  return key;
}

/** The content words of a text, stemmed. */
export function stemmedKeys(text: string): Set<string> {
  const out = new Set<string>();
  for (const k of textKeys(text)) out.add(stem(k));
  return out;
}
