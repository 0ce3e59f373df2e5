import type { KeyPointRules } from '../rules/compose-rules.js';

const QUOTE_PAIRS: ReadonlyArray<readonly [string, string]> = [['“', '”'], ['«', '»'], ['„', '“'], ['「', '」'], ['『', '』']];

/** Quotes that open and never close (or close and never open): the sentence is a fragment of a quote. */
export function hasUnbalancedQuotes(sentence: string): boolean {
  const straight = (sentence.match(/"/g) ?? []).length;
  if (straight % 2 === 1) return true;
  for (const [open, close] of QUOTE_PAIRS) {
    if (open === '„') continue; // German „…“ shares its closing mark with English opening quotes
    const opens = sentence.split(open).length - 1;
    const closes = sentence.split(close).length - 1;
    if (opens !== closes) return true;
  }
  return false;
}

export interface StandAloneCheck {
  /** Whether a body sentence reads on its own, without the one before it. */
  standsAlone(sentence: string, language: string | undefined): boolean;
}

/**
 * Key points are lifted out of the article: one that opens with a pronoun or connective ("It's…",
 * "His firm…", "Seven decades later…") points at a sentence the reader does not have.
 */
export function standAloneCheck(rules: KeyPointRules): StandAloneCheck {
  const patterns = rules.context_patterns.map((p) => new RegExp(p, 'iu'));
  const openersFor = (language: string | undefined): string[] => {
    const primary = (language ?? 'en').toLowerCase().split('-')[0] ?? 'en';
    return [...(rules.context_openers[primary] ?? []), ...(primary === 'en' ? [] : (rules.context_openers.en ?? []))];
  };
  return {
    standsAlone(sentence, language) {
      // A sentence that opens with a quote is the quote's own: its balance is what matters.
      const text = sentence.replace(/^[\s(\[]+/u, '');
      const quoted = /^["'“‘«„]/u.test(text);
      for (const opener of quoted ? [] : openersFor(language)) {
        if (!text.startsWith(opener)) continue;
        const next = text.slice(opener.length, opener.length + 1);
        // Whole words only ("It" is not "Italy"); scripts without spaces have no word end to check.
        if (next === '' || !/[\p{L}\p{M}\p{N}]/u.test(next) || /^[\p{Script=Han}]/u.test(opener)) return false;
      }
      if (patterns.some((re) => re.test(text))) return false;
      return !hasUnbalancedQuotes(sentence);
    },
  };
}
