import type { DekRules } from '../rules/compose-rules.js';

const ENDS_SENTENCE = /[.!?…۔؟।॥。！？:：;]["'”’»)\]]*$/u;

/** The full stop a point gets when its writer left it off, in the point's own script. */
function fullStopFor(text: string, language: string | undefined): string {
  if (/\p{Script=Devanagari}/u.test(text)) return '।';
  if (/\p{Script=Han}/u.test(text)) return '。';
  if (/\p{Script=Arabic}/u.test(text)) return (language ?? '').startsWith('ur') ? '۔' : '.';
  return '.';
}

/**
 * A bulleted standfirst ("• 7,000 rupees per family • 320 camps") or one point per line reads as
 * one run-on once flattened; each point becomes a sentence of its own, ending with a full stop.
 */
export function splitPoints(text: string, rules: DekRules, language: string | undefined): string[] {
  const marks = rules.bullets.map((b) => b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const splitter = marks === '' ? /\n+/u : new RegExp(`\\n+|(?:^|\\s)(?:${marks})\\s+`, 'u');
  const pieces = text.split(splitter).map((p) => p.trim()).filter((p) => p !== '');
  if (pieces.length <= 1) return pieces;
  return pieces.map((p) => {
    if (!ENDS_SENTENCE.test(p)) return p + fullStopFor(p, language);
    // "Key facts:" introducing the points is a sentence of its own now.
    return p.replace(/[:：;]$/u, fullStopFor(p, language));
  });
}
