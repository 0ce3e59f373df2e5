import { parseArticle } from '../src/article/parse-article.js';
import { Composer, type ComposeTarget } from '../src/compose/composer.js';
import { loadTemplates } from '../src/compose/templates/template-set.js';
import { sampleArticles } from './sample-articles.js';

/**
 * Articles composed per second for X + Bluesky + Mastodon together, from raw event JSON
 * (intake, summary, templates, hashtags and fitting included), on a varied set of articles.
 */
const events = sampleArticles(60);
const composer = new Composer({ templates: loadTemplates('templates'), maxParts: 6, numbering: true });
const targets: ComposeTarget[] = [
  { platform: 'x', account: 'default' },
  { platform: 'bluesky', account: 'default' },
  { platform: 'mastodon', account: 'default' },
];

function once(): number {
  let parts = 0;
  for (const event of events) {
    for (const draft of composer.compose(parseArticle(event), targets)) parts += draft.parts.length;
  }
  return parts;
}

for (let i = 0; i < 20; i++) once(); // warm-up: JIT and caches
const minMs = Number(process.env.BENCH_MS ?? 5000);
let articles = 0;
let parts = 0;
const started = performance.now();
while (performance.now() - started < minMs) {
  parts += once();
  articles += events.length;
}
const seconds = (performance.now() - started) / 1000;
console.log(
  JSON.stringify(
    {
      benchmark: 'compose',
      platforms: targets.map((t) => t.platform),
      distinctArticles: events.length,
      articlesComposed: articles,
      seconds: Number(seconds.toFixed(2)),
      articlesPerSecond: Math.round(articles / seconds),
      partsPerArticle: Number((parts / articles).toFixed(2)),
      node: process.version,
    },
    null,
    2,
  ),
);
