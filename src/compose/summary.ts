import type { Article } from '../domain/article.js';
import type { DekCleaner } from './clean/clean-dek.js';
import type { StandAloneCheck } from './clean/stands-alone.js';
import { candidate, recurringUncasedWords, scoreSentence, topicWords, type Candidate, type ScoringContext } from './sentence-score.js';
import { joinSentences, splitSentences } from './sentences.js';
import { textKeys } from './text-tokens.js';

export interface Summary {
  /** What a post leads with: the dek's opening, or the article's first real sentence. */
  lead: string;
  /** Body sentences carrying the story's names and numbers, in article order. */
  keyPoints: string[];
  /** Every sentence of the (cleaned) dek, of which `lead` is the first one or two; for threads that carry the rest. */
  sentences: string[];
}

export interface SummaryOptions {
  keyPoints?: number;
  /** The newsroom's dek rules: datelines, credits, points, restated headlines (templates/rules/dek.json). */
  dek?: DekCleaner;
  /** Key points must stand alone (templates/rules/key-points.json); also drops off-topic sentences. */
  standAlone?: StandAloneCheck;
}

/** A lead this long still reads as one glance; a second dek sentence is added only within it. */
const LEAD_TARGET = 200;

const TERMINAL = new Set(['.', '!', '?', '…', '۔', '؟', '।', '॥', '。', '！', '？', '｡']);
const CLOSING = new Set(['"', "'", '”', '’', '»', ')', ']', '」', '』', '）']);

function endsWithTerminal(paragraph: string): boolean {
  let i = paragraph.length - 1;
  while (i >= 0 && CLOSING.has(paragraph[i] ?? '')) i--;
  return i >= 0 && TERMINAL.has(paragraph[i] ?? '');
}

/**
 * A CMS subheading ("Why It Matters for South Asia") arrives as its own short paragraph with no
 * closing punctuation; it is not a sentence to lead with or quote.
 */
export function isSubheading(paragraph: string): boolean {
  if (endsWithTerminal(paragraph)) return false;
  const words = paragraph.split(/\s+/).length;
  return words <= 12 || paragraph.length <= 80;
}

function leadFromSentences(sentences: readonly string[]): string {
  const first = sentences[0] ?? '';
  const second = sentences[1];
  if (second !== undefined && first.length + 1 + second.length <= LEAD_TARGET) return joinSentences([first, second]);
  return first;
}

/** Share of the shorter sentence's words found in the longer one. */
function overlap(a: Set<string>, b: Set<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return 0;
  let shared = 0;
  for (const k of small) if (large.has(k)) shared++;
  return shared / small.size;
}

const NEAR_DUPLICATE = 0.7;
/**
 * Key points come from the top of a story (the inverted pyramid), and scoring is per sentence:
 * reading past the first 40 sentences would cost a long feature piece time for nothing.
 */
const MAX_SENTENCES = 40;

/** Extractive and deterministic: the same article always gives the same summary. */
export function summarise(article: Article, options: SummaryOptions = {}): Summary {
  const wanted = Math.max(0, options.keyPoints ?? 3);
  const sentences: string[] = [];
  for (const paragraph of article.paragraphs) {
    if (sentences.length >= MAX_SENTENCES) break;
    if (isSubheading(paragraph)) continue;
    for (const sentence of splitSentences(paragraph)) sentences.push(sentence);
  }
  sentences.length = Math.min(sentences.length, MAX_SENTENCES);

  const cleaner = options.dek;
  if (cleaner) for (let i = 0; i < sentences.length; i++) sentences[i] = cleaner.stripDateline(sentences[i] ?? '');

  const dek = article.summary?.trim();
  let lead = '';
  let dekSentences: string[] = [];
  let ledeIndex = -1;
  if (dek) {
    dekSentences = cleaner ? cleaner.sentences(dek, article.headline, article.language) : splitSentences(dek);
    lead = leadFromSentences(dekSentences);
  } else if (sentences.length > 0) {
    // Without a dek the lede leads, unless it only says the headline again: then the next sentence.
    ledeIndex = 0;
    while (cleaner && ledeIndex < Math.min(2, sentences.length - 1) && cleaner.restates(sentences[ledeIndex] ?? '', article.headline)) ledeIndex++;
    lead = sentences[ledeIndex] ?? '';
    dekSentences = lead === '' ? [] : [lead];
  }

  const leadKeys = textKeys(lead);
  const dekKeys = dekSentences.map((s) => textKeys(s));
  const candidates = sentences.map(candidate);
  const ctx: ScoringContext = {
    topic: topicWords(article.headline, article.tags),
    recurring: recurringUncasedWords(candidates),
    total: sentences.length,
  };
  const standAlone = options.standAlone;
  const about = new Set([...ctx.topic, ...dekKeys.flatMap((k) => [...k])]);
  const ranked = candidates
    .filter((c) => c.index !== ledeIndex && c.text !== lead && c.text !== '')
    .filter((c) => !standAlone || (standAlone.standsAlone(c.text, article.language) && [...c.keys].some((k) => about.has(k))))
    .map((c) => ({ ...c, score: scoreSentence(c, ctx) }))
    .sort((a, b) => b.score - a.score || a.index - b.index);

  const chosen: Candidate[] = [];
  for (const candidate of ranked) {
    if (chosen.length >= wanted) break;
    if (overlap(candidate.keys, leadKeys) >= NEAR_DUPLICATE) continue;
    if (dekKeys.some((k) => overlap(candidate.keys, k) >= NEAR_DUPLICATE)) continue;
    if (chosen.some((c) => overlap(candidate.keys, c.keys) >= NEAR_DUPLICATE)) continue;
    chosen.push(candidate);
  }
  chosen.sort((a, b) => a.index - b.index);
  return { lead, keyPoints: chosen.map((c) => c.text), sentences: dekSentences };
}
