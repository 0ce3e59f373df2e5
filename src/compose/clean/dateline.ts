import { lazy } from '../../domain/lazy.js';
import type { DekRules } from '../rules/compose-rules.js';

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Longer than this, what a pattern matched is not a dateline but the text itself. */
const MAX_DATELINE = 60;

interface Gated {
  exec(text: string): RegExpExecArray | null;
}

/** A pattern compiled on the first text that passes `mayMatch`, which must pass every text it matches. */
function gated(source: string, mayMatch: (text: string) => boolean): Gated {
  const compiled = lazy(() => new RegExp(source, 'u'));
  return {
    exec: (text) => (mayMatch(text) ? compiled().exec(text) : null),
  };
}

export interface DatelineMatcher {
  /** The text without its leading dateline and wire credit ("LAGOS (AP) — ", "पटना, बिहार : "). */
  strip(text: string): string;
}

/**
 * Datelines and wire credits lead wire copy but not a post. Built from the newsroom's lists:
 * a place in capitals ("SPRINGFIELD, Ill."), or any place followed by an agency credit
 * ("Madrid (EFE)"), or an agency credit alone, then a dash or colon; in scripts without
 * capitals, one or two words of place (and region) before a colon; plus the newsroom's own patterns.
 */
export function datelineMatcher(rules: DekRules): DatelineMatcher {
  const agencies = [...rules.wire_agencies].sort((a, b) => b.length - a.length).map(escape).join('|') || '(?!)';
  const seps = rules.dateline_separators.map(escape).join('|') || '(?!)';
  const credit = `[(（]\\s*(?:${agencies})(?:\\s*[/,]\\s*(?:${agencies}))*\\s*[)）]`;
  const sep = `\\s*(?:${seps})\\s+`;
  const capsWord = `\\p{Lu}[\\p{Lu}\\p{M}'’.\\-]+`;
  const anyWord = `\\p{Lu}[\\p{L}\\p{M}'’.\\-]*`;
  const region = `(?:\\s*,\\s*[\\p{L}\\p{M}.'’]+(?:\\s+[\\p{L}\\p{M}.'’]+){0,2})?`;
  const uncasedWord = `[\\p{Lo}][\\p{Lo}\\p{M}]*`;
  // The costly built-in patterns wait for a text that passes a cheap test every text they can strip
  // passes: V8 compiles a pattern at its first use, and these, with their \p{…} classes, cost 10–20 ms
  // each. Most text starts with no dateline, so most processes never compile them.
  const capitalPair = /^\s*\p{Lu}[\p{Lu}\p{M}'’.\-]/u;
  const capital = /^\s*\p{Lu}/u;
  const uncasedLetter = /^\s*\p{Lo}/u;
  const creditWithinReach = (text: string) => /[(（]/.test(text.slice(0, MAX_DATELINE));
  const patterns: Gated[] = [
    // SPRINGFIELD, Ill. (AP) —   PARIS – (Reuters) –   WASHINGTON —
    gated(`^\\s*${capsWord}(?:\\s+${capsWord}){0,3}${region}\\s*(?:${credit})?${sep}(?:${credit}${sep})?`, (text) => capitalPair.test(text)),
    // Madrid (EFE) –
    gated(`^\\s*${anyWord}(?:\\s+${anyWord}){0,2}${region}\\s*${credit}${sep}`, (text) => capital.test(text) && creditWithinReach(text)),
    // (Reuters) -
    new RegExp(`^\\s*${credit}${sep}`, 'u'),
    // पटना, बिहार :   لاہور:
    gated(
      `^\\s*${uncasedWord}(?:\\s+${uncasedWord})?(?:\\s*[,،]\\s*${uncasedWord}(?:\\s+${uncasedWord})?)?\\s*(?:${credit})?\\s*[:：]\\s*`,
      (text) => uncasedLetter.test(text),
    ),
    // The newsroom's own, compiled now: one that does not parse fails at start-up, not on an article.
    ...rules.patterns.map((p) => new RegExp(p, 'u')),
  ];
  return {
    strip(text) {
      let current = text;
      for (let round = 0; round < 3; round++) {
        let changed = false;
        for (const pattern of patterns) {
          const m = pattern.exec(current);
          // A dateline leads a sentence; what follows must still be one.
          if (m && m[0].length > 0 && m[0].length < current.length && m[0].length <= MAX_DATELINE && /[\p{L}\p{N}]/u.test(current.slice(m[0].length))) {
            current = current.slice(m[0].length).trimStart();
            changed = true;
          }
        }
        if (!changed) break;
      }
      return current;
    },
  };
}
