import { readFileSync } from 'node:fs';

/**
 * A deterministic set of varied article events for benchmarks: the real seed article plus
 * generated ones in several scripts, lengths and shapes (HTML, plain text, breaking, sections,
 * images, many tags). Seeded, so two runs measure the same work.
 */

const SENTENCES = [
  'The government announced a USD 2.5 billion package on Tuesday, the largest since 2019.',
  'Officials in Washington said the U.S. would send Gen. Smith to the talks on Friday.',
  '“We will not back down,” the minister told reporters outside parliament.',
  'Prices rose 3.4% in March, according to the National Bureau of Statistics.',
  'The No. 2 seed, Carlos Alcaraz, beat Jannik Sinner 6-4, 7-6 in the final.',
  'Flooding in Sindh displaced more than 120,000 people, the UN said.',
  'Analysts at Goldman Sachs expect rates to stay at 5.25% through the summer.',
  'پاکستان کے وزیر خارجہ نے اسلام آباد میں چینی ہم منصب سے ملاقات کی۔',
  'حکومت نے نئے بجٹ کا اعلان کیا؟ ماہرین کا کہنا ہے کہ یہ ناکافی ہے۔',
  'भारत के प्रधानमंत्री ने आज नई दिल्ली में बैठक की। बैठक में कई फैसले लिए गए।',
  '中国外交部长王毅访问了伊斯兰堡。双方同意加强合作！',
  'Fans celebrated 🎉🇵🇰 through the night 👨‍👩‍👧‍👦 as the team returned home.',
  'Read the full report at https://example.org/reports/2025/annual-review-of-regional-security-and-economic-cooperation?utm_source=crier.',
  'Dr. Ayesha Khan, a professor at the University of Karachi, said the findings were “deeply worrying.”',
  'The company, which employs 4,000 people in Lahore, Karachi and Islamabad, declined to comment.',
];
const TAGS = [
  'China-Pakistan relations', 'CPEC', 'Belt and Road Initiative', 'COVID-19', 'Climate change',
  'Wang Yi', 'Elections 2025', 'AI', 'Women’s football', 'São Paulo', 'پاکستان', 'भारत', '中国',
];
const SECTIONS = ['South Asia', 'World', 'Business', 'Sport', 'Opinion', 'Technology'];
const LANGS = ['en', 'en', 'en', 'ur', 'hi', 'zh'];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sampleArticles(count = 60, seed = 42): unknown[] {
  const seedArticle: unknown = JSON.parse(
    readFileSync(new URL('../tests/fixtures/beijing-islamabad.json', import.meta.url), 'utf8'),
  );
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const articles: unknown[] = [seedArticle];
  for (let i = 1; i < count; i++) {
    const paragraphs = Array.from({ length: 1 + Math.floor(random() * 12) }, () =>
      Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(SENTENCES)).join(' '),
    );
    const html = random() < 0.6;
    const body = html
      ? paragraphs.map((p) => `<p>${p.replace(/&/g, '&amp;')}</p>`).join('\n') + '<script>track()</script>'
      : paragraphs.join('\n\n');
    const tags = Array.from({ length: Math.floor(random() * 6) }, () => pick(TAGS));
    articles.push({
      id: `bench-${i}`,
      url: `https://news.example.com/${pick(SECTIONS).toLowerCase().replace(' ', '-')}/story-${i}`,
      headline: `${pick(SENTENCES).slice(0, 40 + Math.floor(random() * 60))}`,
      summary: random() < 0.7 ? `${pick(SENTENCES)} ${pick(SENTENCES)}` : undefined,
      body,
      section: pick(SECTIONS),
      tags,
      authors: random() < 0.5 ? ['Staff Reporter'] : ['A. Writer', 'B. Reporter'],
      language: pick(LANGS),
      priority: random() < 0.2 ? 'breaking' : 'normal',
      image: random() < 0.5 ? { url: `https://news.example.com/img/${i}.jpg`, alt: 'A photo for the story' } : undefined,
    });
  }
  return articles;
}
