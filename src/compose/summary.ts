import type { Article } from '../domain/article.js';
import { candidate, recurringUncasedWords, scoreSentence, topicWords, type Candidate, type ScoringContext } from './sentence-score.js';
import { splitSentences } from './sentences.js';
import { textKeys } from './text-tokens.js';

export interface Summary {
  /** What a post leads with: the dek's opening, or the article's first real sentence. */
  lead: string;
  /** Body sentences carrying the story's names and numbers, in article order. */
  keyPoints: string[];
}

export interface SummaryOptions {
  keyPoints?: number;
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

function leadFromDek(dek: string): string {
  const sentences = splitSentences(dek);
  const first = sentences[0] ?? '';
  const second = sentences[1];
  if (second !== undefined && first.length + 1 + second.length <= LEAD_TARGET) return `${first} ${second}`;
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
    sentences.push(...splitSentences(paragraph));
  }
  sentences.length = Math.min(sentences.length, MAX_SENTENCES);

  const dek = article.summary?.trim();
  let lead = '';
  let ledeIndex = -1;
  if (dek) lead = leadFromDek(dek);
  else if (sentences.length > 0) {
    ledeIndex = 0;
    lead = sentences[0] ?? '';
  }

  const leadKeys = textKeys(lead);
  const candidates = sentences.map(candidate);
  const ctx: ScoringContext = {
    topic: topicWords(article.headline, article.tags),
    recurring: recurringUncasedWords(candidates),
    total: sentences.length,
  };
  const ranked = candidates
    .filter((c) => c.index !== ledeIndex && c.text !== lead)
    .map((c) => ({ ...c, score: scoreSentence(c, ctx) }))
    .sort((a, b) => b.score - a.score || a.index - b.index);

  const chosen: Candidate[] = [];
  for (const candidate of ranked) {
    if (chosen.length >= wanted) break;
    if (overlap(candidate.keys, leadKeys) >= NEAR_DUPLICATE) continue;
    if (chosen.some((c) => overlap(candidate.keys, c.keys) >= NEAR_DUPLICATE)) continue;
    chosen.push(candidate);
  }
  chosen.sort((a, b) => a.index - b.index);
  return { lead, keyPoints: chosen.map((c) => c.text) };
}
