import { parseArticle } from '../src/article/parse-article.js';
import type { Article } from '../src/domain/article.js';
import { Composer, type ComposeTarget } from '../src/compose/composer.js';
import { loadTemplates } from '../src/compose/templates/template-set.js';
import { sampleArticles } from './sample-articles.js';

/**
 * Articles rendered per second for X + Bluesky + Mastodon together, on a varied set of articles.
 * "full" is what `crier render` and the intake do per event: parse and clean the event JSON, then
 * summary, templates, hashtags and fitting for the three platforms. "compose" leaves parsing out.
 * Machines here are noisy, so each figure is the median of several trials, with the best beside it.
 */
const events = sampleArticles(60);
const articles: Article[] = events.map((e) => parseArticle(e));
const composer = new Composer({ templates: loadTemplates('templates'), maxParts: 6, numbering: true });
const targets: ComposeTarget[] = [
  { platform: 'x', account: 'default' },
  { platform: 'bluesky', account: 'default' },
  { platform: 'mastodon', account: 'default' },
];
const trialMs = Number(process.env.BENCH_TRIAL_MS ?? 2000);
const trials = Number(process.env.BENCH_TRIALS ?? 5);

function full(): void {
  for (const event of events) composer.compose(parseArticle(event), targets);
}
function composeOnly(): void {
  for (const article of articles) composer.compose(article, targets);
}

function rate(run: () => void): { median: number; best: number } {
  for (let i = 0; i < 10; i++) run(); // warm-up: JIT and caches
  const rates: number[] = [];
  for (let t = 0; t < trials; t++) {
    let n = 0;
    const started = performance.now();
    while (performance.now() - started < trialMs) {
      run();
      n += events.length;
    }
    rates.push(n / ((performance.now() - started) / 1000));
  }
  rates.sort((a, b) => a - b);
  return { median: Math.round(rates[Math.floor(rates.length / 2)]!), best: Math.round(rates[rates.length - 1]!) };
}

/**
 * Compose must be linear in its input: time for one headline of n characters (one long word, or
 * words) on the same three platforms, at doubling sizes. Per-kilocharacter figures should stay flat.
 */
function scaling(make: (n: number) => string): Array<{ chars: number; ms: number; msPerKChar: number }> {
  return [50_000, 100_000, 200_000].map((n) => {
    const headline = make(n);
    const article: Article = { id: 'big', url: 'https://news.example.com/big', headline, paragraphs: [], tags: [], authors: [], revision: '1', priority: 'normal' };
    const started = performance.now();
    composer.compose(article, targets);
    const ms = performance.now() - started;
    return { chars: headline.length, ms: Math.round(ms), msPerKChar: Number(((ms / headline.length) * 1000).toFixed(2)) };
  });
}

const parts = articles.reduce((n, a) => n + composer.compose(a, targets).reduce((m, d) => m + d.parts.length, 0), 0);
const fullRate = rate(full);
const composeRate = rate(composeOnly);
console.log(
  JSON.stringify(
    {
      benchmark: 'compose',
      platforms: targets.map((t) => t.platform),
      distinctArticles: events.length,
      trials,
      trialSeconds: trialMs / 1000,
      articlesPerSecond: fullRate.median,
      articlesPerSecondBest: fullRate.best,
      composeOnlyPerSecond: composeRate.median,
      composeOnlyPerSecondBest: composeRate.best,
      postsPerArticle: targets.length,
      partsPerArticle: Number((parts / articles.length).toFixed(2)),
      oneLongWord: scaling((n) => 'a'.repeat(n)),
      manyWords: scaling((n) => 'word '.repeat(n / 5)),
      node: process.version,
    },
    null,
    2,
  ),
);
