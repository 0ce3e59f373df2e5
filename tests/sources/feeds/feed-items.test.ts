import { describe, expect, it } from 'vitest';
import { FEED_DEFAULTS, type FeedConfig } from '../../../src/sources/feeds/feed-config.js';
import { feedItems, type FeedItem } from '../../../src/sources/feeds/feed-item.js';
import { itemArticle } from '../../../src/sources/feeds/item-event.js';
import { normaliseLink } from '../../../src/sources/feeds/normalise-link.js';
import { parseFeedDocument } from '../../../src/sources/feeds/parse-feed-document.js';
import { FeedFormatError } from '../../../src/domain/errors/index.js';
import { fixture } from '../../fakes/feed-server.js';

const feed: FeedConfig = { id: 'f1', url: 'https://feeds.example/x', tags: [], priority: 'normal', ...FEED_DEFAULTS };
const NOW = Date.parse('2025-08-27T00:00:00Z');

function itemsOf(name: string, url = `https://feeds.example/${name}`, contentType?: string): FeedItem[] {
  const parsed = parseFeedDocument(Buffer.from(fixture(name), 'utf8'), 'application/xml', contentType);
  const { items, unusable } = feedItems(parsed, url);
  expect(unusable).toBe(0);
  return items;
}

const article = (item: FeedItem, extra: Partial<FeedConfig> = {}) => itemArticle(item, { ...feed, ...extra }, 'a1', NOW);

describe('feed normaliser', () => {
  it('reads WordPress RSS: guid isPermaLink=false as the key, content:encoded as body, CDATA, entities, dc:creator, media:content with its description as alt', () => {
    const [first, second] = itemsOf('wordpress-rss.xml');
    expect(first).toMatchObject({
      key: 'https://news.example.com/?p=48213',
      link: 'https://news.example.com/2025/08/25/beijing-backs-islamabad/',
      authors: ['Ayesha Khan'],
      tags: ['South Asia', 'China', 'CPEC'],
      image: { url: 'https://news.example.com/wp-content/uploads/2025/08/ministers.jpg', alt: 'Foreign ministers of China and Pakistan in Beijing on Monday' },
      language: 'en-US',
    });
    expect(first!.published?.toISOString()).toBe('2025-08-25T06:00:00.000Z');
    // "+0500" is honoured: 22:30 in Pakistan is 17:30 UTC.
    expect(second!.published?.toISOString()).toBe('2025-08-24T17:30:00.000Z');
    const a = article(first!);
    expect(a.headline).toBe('Beijing Backs Islamabad’s CPEC Push & Pledges “Ironclad” Support');
    expect(a.summary).toBe('China pledges support for the corridor’s second phase as ministers meet in Beijing. […]');
    expect(a.paragraphs).toEqual([
      'China on Monday pledged “ironclad” support for the second phase of the China–Pakistan Economic Corridor.',
      'The talks covered rail, power and the port at Gwadar.',
    ]);
  });

  it('reads RSS without guid: the key is the link without utm_* and fragment; enclosure image; two-digit year and named zone', () => {
    const [wall, ferry] = itemsOf('plain-rss.xml', 'http://gazette.example.org/rss');
    expect(wall!.key).toBe('http://gazette.example.org/news/harbour-wall.html?ref=home');
    expect(wall!.image).toEqual({ url: 'http://gazette.example.org/images/wall-large.jpg' });
    expect(wall!.published?.toISOString()).toBe('2025-08-26T11:15:00.000Z');
    expect(wall!.authors).toEqual(['Mary Byrne']);
    expect(article(wall!).headline).toBe('Council approves new harbour wall');
    expect(ferry).toMatchObject({ key: 'http://gazette.example.org/news/ferry-autumn.html' });
    expect(ferry!.published).toBeUndefined();
  });

  it('reads a permalink guid as key and link, media:group content and dc:date', () => {
    const [markets, strike] = itemsOf('permalink-guid-rss.xml');
    expect(markets).toMatchObject({
      key: 'https://wire.example.net/story/2025/aug/26/markets-open-higher',
      url: 'https://wire.example.net/story/2025/aug/26/markets-open-higher',
      image: { url: 'https://img.wire.example.net/markets.jpg', alt: 'Traders on the floor of the exchange' },
    });
    expect(markets!.published?.toISOString()).toBe('2025-08-26T17:31:00.000Z');
    expect(article(markets!).headline).toBe('Markets open higher as "soft landing" hopes grow');
    expect(strike).toMatchObject({ key: 'wire-20250826-0042', url: 'https://wire.example.net/story/2025/aug/26/rail-strike' });
    expect(strike!.published?.toISOString()).toBe('2025-08-26T08:10:00.000Z');
  });

  it('reads Atom: id as key, relative links resolved, html titles decoded once, text summaries kept as text, updated without a zone as UTC', () => {
    const [accord, japan] = itemsOf('atom.xml', 'https://quotidien.example.fr/international/atom.xml');
    expect(accord).toMatchObject({
      key: 'tag:quotidien.example.fr,2025:article-9912',
      url: 'https://quotidien.example.fr/international/2025/08/26/ue-inde-accord',
      authors: ['Claire Martin', 'Hugo Bernard'],
      tags: ['Europe', 'inde'],
      image: { url: 'https://cdn.quotidien.example.fr/ue-inde.webp' },
    });
    expect(accord!.published?.toISOString()).toBe('2025-08-26T07:30:00.000Z');
    expect(accord!.updated?.toISOString()).toBe('2025-08-26T07:45:00.000Z');
    const a = article(accord!);
    expect(a.headline).toBe('L’UE et l’Inde signent un accord & un calendrier');
    expect(a.summary).toBe('Un accord commercial après dix ans de négociations <enfin>.');
    expect(a.paragraphs).toEqual(['Bruxelles et New Delhi ont signé mardi un accord.']);
    expect(japan!.published).toBeUndefined();
    expect(japan!.updated?.toISOString()).toBe('2025-08-25T18:00:00.000Z');
    expect(article(japan!).paragraphs).toEqual(['Les premiers résultats donnent le parti au pouvoir en tête.']);
  });

  it('reads JSON Feed: id (also numeric) as key, plain text kept as text, image, tags, feed authors and language as fallbacks', () => {
    const [tram, library] = itemsOf('feed.json');
    expect(tram).toMatchObject({
      key: 'metro-2025-0826-tram',
      url: 'https://metro.example.com/2025/08/26/tram-line-opens',
      image: { url: 'https://metro.example.com/img/tram.jpg' },
      tags: ['Transport', 'East End'],
      authors: ['Sam Okafor'],
      language: 'en-GB',
    });
    expect(article(tram!).headline).toBe('Tram line opens: 5 < 6 stops finished');
    expect(library).toMatchObject({ key: '1042', authors: ['Metro Desk'] });
    expect(article(library!).paragraphs).toEqual(['Branches stay open until 9 p.m. & on Sundays.']);
    expect(library!.published?.toISOString()).toBe('2025-08-25T15:00:00.000Z');
  });

  it('puts the feed’s section, tags and priority on every article; a future date is not an embargo', () => {
    const [first] = itemsOf('wordpress-rss.xml');
    const a = itemArticle({ ...first!, published: new Date(NOW + 6 * 3_600_000) }, { ...feed, section: 'World', tags: ['Wire'], priority: 'breaking' }, 'a1', NOW);
    expect(a).toMatchObject({ section: 'World', priority: 'breaking' });
    expect(a.tags).toEqual(['Wire', 'South Asia', 'China', 'CPEC']);
    expect(a.publishedAt).toBeUndefined();
  });

  it('takes the first <img> (and its alt) when there is no media element, and drops data: images', () => {
    const xml = `<rss version="2.0"><channel><title>t</title><link>https://e.com</link><description>d</description>
      <item><title>One</title><link>https://e.com/1</link><description><![CDATA[<p><img src="/a.jpg" alt="A harbour"> text</p>]]></description></item>
      <item><title>Two</title><link>https://e.com/2</link><description><![CDATA[<p><img src="data:image/png;base64,AAAA"> text</p>]]></description></item>
    </channel></rss>`;
    const { items } = feedItems(parseFeedDocument(Buffer.from(xml), 'application/rss+xml'), 'https://e.com/feed');
    expect(items[0]!.image).toEqual({ url: 'https://e.com/a.jpg', alt: 'A harbour' });
    expect(items[1]!.image).toBeUndefined();
  });

  it('decodes ISO-8859-1 feeds by their declaration or Content-Type', () => {
    const xml = `<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>t</title><link>https://e.com</link><description>d</description><item><title>Caf\u00e9 cr\u00e8me</title><link>https://e.com/1</link></item></channel></rss>`;
    const bytes = Buffer.from(xml, 'latin1');
    const { items } = feedItems(parseFeedDocument(bytes, 'application/rss+xml'), 'https://e.com/feed');
    expect(items[0]!.headline).toBe('Café crème');
    const noDeclaration = Buffer.from(xml.replace(/<\?xml[^>]*\?>/, ''), 'latin1');
    expect(feedItems(parseFeedDocument(noDeclaration, 'application/rss+xml', 'text/xml; charset=ISO-8859-1'), 'https://e.com/f').items[0]!.headline).toBe('Café crème');
  });

  it('refuses what is not a feed with a FeedFormatError that says what it was', () => {
    expect(() => parseFeedDocument(Buffer.from(''), 'text/plain')).toThrow(new FeedFormatError('the feed answered with an empty body'));
    expect(() => parseFeedDocument(Buffer.from('<!DOCTYPE html><html><body>Down</body></html>'), 'text/html')).toThrow(/looks like an HTML page/);
    expect(() => parseFeedDocument(Buffer.from('{"version": "https://jsonfeed.org/version/1.1", "items": ['), 'application/json')).toThrow(/not valid JSON/);
    expect(() => parseFeedDocument(Buffer.from('<rss version="2.0"><channel><item><title>cut'), 'application/rss+xml')).toThrow(FeedFormatError);
  });

  it('leaves out entries with neither id nor link, and counts them', () => {
    const xml = `<rss version="2.0"><channel><title>t</title><link>https://e.com</link><description>d</description><item><title>No way to know it again</title></item><item><title>Fine</title><link>https://e.com/1</link></item></channel></rss>`;
    const { items, unusable } = feedItems(parseFeedDocument(Buffer.from(xml), 'application/rss+xml'), 'https://e.com/feed');
    expect(items.map((i) => i.headline)).toEqual(['Fine']);
    expect(unusable).toBe(1);
  });
});

describe('normaliseLink', () => {
  it('drops utm_* and fragments, keeps other parameters, resolves relative links, refuses non-http', () => {
    expect(normaliseLink('https://E.com/a?utm_source=x&id=3&UTM_Medium=y#top')).toBe('https://e.com/a?id=3');
    expect(normaliseLink('https://e.com/a?utm_source=x')).toBe('https://e.com/a');
    expect(normaliseLink('/news/1', 'https://e.com/feed')).toBe('https://e.com/news/1');
    expect(normaliseLink('mailto:desk@e.com')).toBeUndefined();
    expect(normaliseLink('   ')).toBeUndefined();
  });
});
