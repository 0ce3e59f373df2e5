import type { DekRules } from '../rules/compose-rules.js';
import { splitSentences } from '../sentences.js';
import { splitPoints } from './bullets.js';
import { datelineMatcher, type DatelineMatcher } from './dateline.js';
import { restatesHeadline } from './restating.js';
import { stemmedKeys } from './stems.js';

export interface DekCleaner {
  readonly rules: DekRules;
  readonly datelines: DatelineMatcher;
  /** The dek as sentences fit to post: no dateline or wire credit, points as sentences, no restated headline. */
  sentences(dek: string, headline: string, language: string | undefined): string[];
  /** One sentence without a leading dateline (a lede, a key point). */
  stripDateline(sentence: string): string;
  restates(sentence: string, headline: string): boolean;
}

export function dekCleaner(rules: DekRules): DekCleaner {
  const datelines = datelineMatcher(rules);
  const restates = (sentence: string, headline: string): boolean =>
    restatesHeadline(sentence, stemmedKeys(headline), rules.restating);
  return {
    rules,
    datelines,
    restates,
    stripDateline: (sentence) => datelines.strip(sentence),
    sentences(dek, headline, language) {
      const headlineKeys = stemmedKeys(headline);
      const out: string[] = [];
      for (const point of splitPoints(datelines.strip(dek), rules, language)) {
        for (const sentence of splitSentences(datelines.strip(point))) {
          if (!restatesHeadline(sentence, headlineKeys, rules.restating)) out.push(sentence);
        }
      }
      return out;
    },
  };
}
