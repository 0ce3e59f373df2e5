import type { DekRules } from '../rules/compose-rules.js';

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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
  const patterns = [
    // SPRINGFIELD, Ill. (AP) —   PARIS – (Reuters) –   WASHINGTON —
    `^\\s*${capsWord}(?:\\s+${capsWord}){0,3}${region}\\s*(?:${credit})?${sep}(?:${credit}${sep})?`,
    // Madrid (EFE) –
    `^\\s*${anyWord}(?:\\s+${anyWord}){0,2}${region}\\s*${credit}${sep}`,
    // (Reuters) -
    `^\\s*${credit}${sep}`,
    // पटना, बिहार :   لاہور:
    `^\\s*${uncasedWord}(?:\\s+${uncasedWord})?(?:\\s*[,،]\\s*${uncasedWord}(?:\\s+${uncasedWord})?)?\\s*(?:${credit})?\\s*[:：]\\s*`,
    ...rules.patterns,
  ].map((p) => new RegExp(p, 'u'));
  return {
    strip(text) {
      let current = text;
      for (let round = 0; round < 3; round++) {
        let changed = false;
        for (const re of patterns) {
          const m = re.exec(current);
          // A dateline leads a sentence; what follows must still be one.
          if (m && m[0].length > 0 && m[0].length < current.length && m[0].length <= 60 && /[\p{L}\p{N}]/u.test(current.slice(m[0].length))) {
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
