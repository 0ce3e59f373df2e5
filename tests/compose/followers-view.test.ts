import twitterText from 'twitter-text';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/article/parse-article.js';
import { articleJson } from '../helpers/builders.js';
import { Composer, type ComposeTarget } from '../../src/compose/composer.js';
import { hasSubstance } from '../../src/compose/part-check.js';
import { loadTemplates } from '../../src/compose/templates/template-set.js';
import type { Draft } from '../../src/domain/draft.js';
import type { PlatformId } from '../../src/domain/platform.js';
import { mastodonProfileFor } from '../../src/platforms/mastodon/limits.js';

const templates = loadTemplates('templates');
const composer = new Composer({ templates, maxParts: 6, numbering: true });
const LEAD_PLATFORMS: PlatformId[] = ['x', 'bluesky', 'mastodon', 'threads'];
const targets = (platforms: PlatformId[]): ComposeTarget[] => platforms.map((platform) => ({ platform, account: 'default' }));

const fixture = (name: string, extra: Record<string, unknown> = {}) => parseArticle(articleJson(name, extra));

function shown(draft: Draft): string {
  return draft.link.displayText ?? draft.link.url;
}

const LONG_DEK =
  'The Federal Reserve held interest rates steady on Wednesday for a fourth straight meeting, citing stubborn inflation in services. ' +
  'Chair Maria Lopez said the committee would need several more months of data before it could consider cutting rates, and warned that tariffs could push prices higher. ' +
  'Markets had priced in a cut as early as June. ' +
  'Two governors dissented, the first split vote since 2019.';

const fed = parseArticle({
  id: 'fed-1',
  url: 'https://news.example.com/business/2026/03/18/fed-holds-rates-steady-fourth-meeting',
  headline: 'Fed holds rates steady for a fourth meeting as inflation lingers in services and tariffs loom over the outlook',
  summary: LONG_DEK,
  tags: ['Federal Reserve', 'Interest rates', 'Inflation'],
  language: 'en',
});

describe('the lead post: headline (or hook) and link, always', () => {
  it('keeps the link in the first part on X, Bluesky, Mastodon and Threads, shortening the summary to whole sentences', () => {
    for (const draft of composer.compose(fed, targets(LEAD_PLATFORMS))) {
      const first = draft.parts[0]!;
      expect(first.text, draft.platform).toContain(shown(draft));
      expect(first.text.startsWith(fed.headline), draft.platform).toBe(true);
      // No thread: the templates do not ask for one.
      expect(draft.parts, draft.platform).toHaveLength(1);
      // Whatever of the summary is there is whole sentences, in order, from the start.
      const rest = first.text.slice(fed.headline.length).split(shown(draft))[0]!.replace(/#\S+/g, '').trim();
      expect(LONG_DEK.startsWith(rest), `${draft.platform}: ${rest}`).toBe(true);
      expect(rest === '' || /[.!?]$/.test(rest)).toBe(true);
    }
  });

  it('drops hashtags before summary sentences', () => {
    const [x] = composer.compose(fed, targets(['x']));
    // One dek sentence fits beside the headline and link on X, with no room left for a hashtag.
    expect(x!.parts[0]!.text).toContain('citing stubborn inflation in services.');
    const withoutTags = composer.compose({ ...fed, tags: [] }, targets(['x']));
    expect(withoutTags[0]!.parts[0]!.text.replace(/\s+/g, ' ')).toBe(x!.parts[0]!.text.replace(/\s+#\S+/g, '').replace(/\s+/g, ' '));
  });

  it('cuts a headline too long for a post at a word, with "…" and the link', () => {
    const headline = 'Officials '.repeat(40).trim();
    const [x] = composer.compose(parseArticle({ id: 'h', url: 'https://news.example.com/a', headline }), targets(['x']));
    expect(x!.parts).toHaveLength(1);
    expect(x!.parts[0]!.text).toMatch(/Officials…\nhttps:\/\/news\.example\.com\/a$/);
    expect(twitterText.parseTweet(x!.parts[0]!.text).weightedLength).toBeLessThanOrEqual(280);
  });

  it('with THREAD_MODE=auto, carries the summary sentences that did not fit into replies', () => {
    const auto = new Composer({ templates, maxParts: 6, numbering: true, threadMode: 'auto' });
    // Two dek sentences make the lead; beside this headline, X has room for the first only.
    const article = {
      ...fed,
      summary: 'The Fed held rates steady on Wednesday, citing stubborn inflation in services. Chair Maria Lopez said cuts would need several more months of data. Two governors dissented.',
    };
    expect(composer.compose(article, targets(['x']))[0]!.parts).toHaveLength(1);
    const [x] = auto.compose(article, targets(['x']));
    expect(x!.parts.length).toBeGreaterThan(1);
    expect(x!.parts[0]!.text).toContain(fed.url);
    expect(x!.parts[0]!.text).toContain('citing stubborn inflation in services.');
    expect(x!.parts.slice(1).map((p) => p.text).join(' ')).toContain('Chair Maria Lopez said cuts would need several more months of data. Two governors dissented.');
    x!.parts.forEach((p, i) => {
      expect(p.text.endsWith(` ${i + 1}/${x!.parts.length}`)).toBe(true);
      expect(hasSubstance(p.text, fed.url)).toBe(true);
    });
  });

  it('with THREAD_MODE=never, posts only the lead even where the template asks for a thread', () => {
    const article = fixture('beijing-islamabad');
    const never = new Composer({ templates, maxParts: 6, numbering: true, threadMode: 'never' });
    const [threaded] = composer.compose(article, targets(['mastodon']));
    const [single] = never.compose(article, targets(['mastodon']));
    expect(threaded!.parts.length).toBeGreaterThan(1); // mastodon.section.south-asia.liquid uses {% part %}
    expect(single!.parts).toHaveLength(1);
    expect(single!.parts[0]!.text).toContain(article.url);
  });

  it('never makes a part that is only the link, hashtags or numbering', () => {
    const dir = loadTemplates('tests/fixtures/templates-link-part');
    const c = new Composer({ templates: dir, maxParts: 6, numbering: true });
    const [x] = c.compose(fed, targets(['x']));
    expect(x!.parts).toHaveLength(2);
    for (const p of x!.parts) expect(hasSubstance(p.text, fed.url), p.text).toBe(true);
    expect(x!.parts[0]!.text).toContain(fed.url);
  });
});

describe('deks as a social desk writes them', () => {
  const article = fixture('wire-springfield-en');
  const drafts = composer.compose(article, targets(['x', 'bluesky', 'mastodon', 'linkedin']));

  it('leads without the dateline or wire credit, and without the sentence that restates the headline', () => {
    for (const d of drafts) {
      const text = d.parts.map((p) => p.text).join('\n');
      expect(text, d.platform).not.toMatch(/SPRINGFIELD|\(AP\)/);
      expect(text, d.platform).not.toContain('The Illinois governor signed the transit fare freeze');
      expect(text, d.platform).toContain('Gov. Dana Whitfield signed a two-year freeze on transit fares on Monday.');
    }
  });

  it('picks LinkedIn key points that stand alone and do not repeat the dek', () => {
    const linkedin = drafts.find((d) => d.platform === 'linkedin')!.parts[0]!.text;
    const points = linkedin.split('\n').filter((l) => l.startsWith('• '));
    expect(points.length).toBeGreaterThan(0);
    for (const p of points) expect(p).not.toMatch(/^• (It|His|Her|They|This)\b/);
    expect(linkedin).not.toContain('The law sets aside $310 million'); // the dek already says it
  });

  it('drops hashtags that collapse symbols (R&B, C++, Loans & debt)', () => {
    const linkedin = drafts.find((d) => d.platform === 'linkedin')!.parts[0]!.text;
    expect(linkedin).toContain('#Illinois');
    expect(linkedin).not.toMatch(/#RB\b|#C\b|#LoansDebt/);
  });

  it('flattened bullets become sentences', () => {
    const [bluesky] = composer.compose(fixture('bihar-hi'), targets(['bluesky']));
    expect(bluesky!.parts[0]!.text).toContain('घोषणा की। हर प्रभावित परिवार को 7,000 रुपये की तत्काल सहायता।');
    expect(bluesky!.parts[0]!.text).not.toContain('पटना, बिहार');
  });
});

describe('breaking news', () => {
  const article = fixture('breaking-attack-en');
  const all: PlatformId[] = ['x', 'bluesky', 'mastodon', 'threads', 'linkedin', 'telegram', 'discord', 'slack', 'webhook', 'matrix'];
  const drafts = composer.compose(article, targets(all));

  it('says BREAKING once, the same way, on every platform, and carries no hashtags', () => {
    for (const d of drafts) {
      const text = d.parts.map((p) => p.text).join('\n');
      expect(text.match(/BREAKING/g) ?? [], d.platform).toHaveLength(1);
      expect(text, d.platform).toMatch(/^\W*BREAKING: Several killed/);
      expect(text, d.platform).not.toMatch(/#\p{L}/u);
    }
  });

  it('localises the label', () => {
    const es = composer.compose({ ...article, language: 'es', headline: 'ÚLTIMA HORA: Varios muertos en un ataque en un mercado de Lagos' }, targets(['x', 'threads']));
    for (const d of es) expect(d.parts[0]!.text.startsWith('ÚLTIMA HORA: Varios muertos')).toBe(true);
    const zh = composer.compose({ ...article, language: 'zh', headline: '突发：拉各斯市场遭袭' }, targets(['bluesky']));
    expect(zh[0]!.parts[0]!.text.startsWith('【突发】 拉各斯市场遭袭')).toBe(true);
  });
});

describe('localisation', () => {
  it('uses the column’s language for Opinion and By', () => {
    const [x] = composer.compose(fixture('opinion-es'), targets(['x']));
    expect(x!.parts[0]!.text).toMatch(/^Opinión \| La vivienda no puede esperar otra legislatura — Por Lucía Ferrer/);
  });

  it.each([
    ['ur', 'اہم نکات:', 'مزید پڑھیں:'],
    ['hi', 'मुख्य बातें:', 'और पढ़ें:'],
    ['zh', '要点：', '阅读全文：'],
    ['es', 'Claves:', 'Leer más:'],
    ['fr', 'Les points clés :', 'Lire la suite :'],
    ['de', 'Das Wichtigste:', 'Weiterlesen:'],
    ['pt-BR', 'Pontos-chave:', 'Leia mais:'],
    ['ar', 'أبرز النقاط:', 'اقرأ المزيد:'],
  ])('LinkedIn in %s says %s and %s', (language, keyPoints, readMore) => {
    const article = fixture('beijing-islamabad', { language });
    const text = composer.compose(article, targets(['linkedin']))[0]!.parts[0]!.text;
    expect(text).toContain(keyPoints);
    expect(text).toContain(`${readMore} ${article.url}`);
    expect(text).not.toMatch(/Key points|Read more/);
  });

  it('lets a template vary by language, as by section', () => {
    const set = loadTemplates('tests/fixtures/templates-by-language');
    expect(set.select('x', { priority: 'normal', language: 'ur' }).file).toMatch(/x\.lang\.ur\.liquid$/);
    expect(set.select('x', { priority: 'normal', language: 'pt-BR' }).file).toMatch(/x\.lang\.pt\.liquid$/);
    expect(set.select('x', { priority: 'normal', language: 'en' }).file).toMatch(/x\.liquid$/);
    expect(set.select('x', { priority: 'breaking', language: 'ur' }).file).toMatch(/x\.breaking\.liquid$/);
    expect(set.select('bluesky', { priority: 'normal', language: 'ur' }).file).toMatch(/default\.liquid$/);
  });
});

describe('hashtags per script and per platform', () => {
  it('joins Urdu words with an underscore and caps X, Bluesky and Threads at one', () => {
    const drafts = composer.compose(fixture('cricket-ur'), targets(['x', 'bluesky', 'threads', 'mastodon']));
    for (const d of drafts) {
      const tags = d.parts.map((p) => p.text).join(' ').match(/#\S+/gu) ?? [];
      expect(tags.length, d.platform).toBeLessThanOrEqual(d.platform === 'mastodon' ? 3 : 1);
      expect(tags, d.platform).toContain('#پاکستان_کرکٹ');
    }
  });
});

describe('exact counts in drafts', () => {
  it('reports Mastodon length as the server counts it, against the instance limit', () => {
    const article = fixture('family-zh');
    const [d] = composer.compose(article, [{ platform: 'mastodon', account: 'default', profile: mastodonProfileFor({ maxCharacters: 1000, charactersReservedPerUrl: 23 }) }]);
    expect(d!.parts[0]!.limit).toBe(1000);
    const text = d!.parts[0]!.text;
    const urls = twitterText.extractUrlsWithIndices(text);
    let expected = [...new Intl.Segmenter('zh', { granularity: 'grapheme' }).segment(text)].length;
    for (const u of urls) expected += 23 - u.url.length;
    expect(d!.parts[0]!.length).toBe(expected);
  });
});

describe('entities and alt text', () => {
  it('never lets &amp; reach a follower', () => {
    const article = parseArticle({ id: 'e', url: 'https://news.example.com/e', headline: 'Tom &amp;amp; Jerry return', summary: 'Loans &amp;amp;amp; debt rise.' });
    for (const d of composer.compose(article, targets(LEAD_PLATFORMS))) expect(d.parts[0]!.text).not.toContain('&amp;');
  });

  it('strips a credit from alt text, and flags the image for review under ALT_TEXT_POLICY=review', () => {
    const article = fixture('wire-springfield-en');
    const [post] = composer.compose(article, targets(['x']));
    expect(post!.media).toEqual([{ url: article.image!.url, alt: '' }]);
    expect(post!.warnings).toEqual([expect.objectContaining({ code: 'missing_alt_text', holdForReview: false })]);
    const strict = new Composer({ templates, maxParts: 6, numbering: true, altTextPolicy: 'review' });
    expect(strict.compose(article, targets(['x']))[0]!.warnings?.[0]?.holdForReview).toBe(true);
    const described = strict.compose(fixture('bihar-hi'), targets(['x']))[0]!;
    expect(described.media[0]!.alt).toContain('नाव से राहत सामग्री');
    expect(described.warnings).toEqual([]);
  });
});
