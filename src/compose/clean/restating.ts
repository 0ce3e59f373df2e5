import type { DekRules } from '../rules/compose-rules.js';
import { stemmedKeys } from './stems.js';

/**
 * Whether a dek sentence only says the headline again ("Singer dies at 81" / "The singer died on
 * Monday aged 81"): it carries at least `headline_coverage` of the headline's content words and
 * adds at most `max_new_words` of its own (or, in scripts without spaces, a quarter of its words).
 */
export function restatesHeadline(sentence: string, headlineKeys: ReadonlySet<string>, rules: DekRules['restating']): boolean {
  if (headlineKeys.size === 0) return false;
  const keys = stemmedKeys(sentence);
  if (keys.size === 0) return false;
  let shared = 0;
  for (const k of keys) if (headlineKeys.has(k)) shared++;
  const coverage = shared / headlineKeys.size;
  const added = keys.size - shared;
  return coverage >= rules.headline_coverage && (added <= rules.max_new_words || added / keys.size <= 0.25);
}
