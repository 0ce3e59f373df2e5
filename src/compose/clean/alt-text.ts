import type { AltTextRules } from '../rules/compose-rules.js';
import { NO_SPACE_SCRIPT } from '../fit/breaks.js';
import { graphemeLength } from '../../platforms/counting.js';

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface AltTextCleaner {
  /** The image's description without its photo credit; '' when no real description is left. */
  describe(alt: string): string;
}

/**
 * "Photograph: Jane Doe for The Daily" and "Foto: EL DIARIO" credit a photographer; a screen
 * reader user learns nothing about the picture from them. Credits go, and what is left counts as
 * a description only with `min_words` words (`min_characters` in scripts written without spaces).
 */
export function altTextCleaner(rules: AltTextRules): AltTextCleaner {
  const labels = [...rules.credit_labels].sort((a, b) => b.length - a.length).map(escape).join('|');
  const creditTail = labels === '' ? undefined : new RegExp(`(?:^|[\\s;,|–—-]+)(?:${labels})\\s*(?:[:：]|by\\b|por\\b|par\\b|von\\b).*$`, 'iu');
  const patterns = rules.credit_patterns.map((p) => new RegExp(p, 'gu'));
  return {
    describe(alt) {
      let text = alt.trim();
      if (creditTail) text = text.replace(creditTail, '');
      for (const re of patterns) text = text.replace(re, '');
      text = text.replace(/^[\s.,;:|–—-]+|[\s,;:|–—-]+$/gu, '').trim();
      if (text === '') return '';
      if (NO_SPACE_SCRIPT.test(text)) return graphemeLength(text) >= rules.min_characters ? text : '';
      const words = text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
      return words >= rules.min_words ? text : '';
    },
  };
}
