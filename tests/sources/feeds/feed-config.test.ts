import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFrom } from '../../../src/config.js';
import { ConfigError } from '../../../src/domain/errors/index.js';
import { feedId, parseFeedsFile, shownFeedUrl } from '../../../src/sources/feeds/feed-config.js';

function fileWith(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'crier-feeds-')), 'feeds.json');
  writeFileSync(path, text);
  return path;
}

describe('FEEDS_FILE and FEED_URLS', () => {
  it('reads feeds with their settings and fills in the defaults', () => {
    const feeds = parseFeedsFile(JSON.stringify([
      { url: 'https://news.example.com/feed/', section: 'South Asia', tags: ['Wire'], priority: 'breaking', intervalSeconds: 60, maxAgeHours: 6, withdrawRemoved: true },
      { url: 'https://metro.example.com/feed.json' },
    ]));
    expect(feeds).toEqual([
      { id: feedId('https://news.example.com/feed/'), url: 'https://news.example.com/feed/', section: 'South Asia', tags: ['Wire'], priority: 'breaking', intervalSeconds: 60, maxAgeHours: 6, withdrawRemoved: true },
      { id: feedId('https://metro.example.com/feed.json'), url: 'https://metro.example.com/feed.json', tags: [], priority: 'normal', intervalSeconds: 300, maxAgeHours: 48, withdrawRemoved: false },
    ]);
    expect(feeds[0]!.id).toMatch(/^[0-9a-f]{12}$/);
  });

  it('takes accounts a feed goes to, and refuses one that is not configured or badly named', () => {
    const file = fileWith(JSON.stringify([{ url: 'https://news.example.com/feed/', accounts: ['mastodon/default'] }]));
    const env = { FEEDS_FILE: file, MASTODON_URL: 'https://social.example', MASTODON_ACCESS_TOKEN: 'token-value-1' };
    expect(configFrom(env).sources.feeds[0]!.accounts).toEqual(['mastodon/default']);
    const wrong = fileWith(JSON.stringify([{ url: 'https://news.example.com/feed/', accounts: ['x/politics'] }]));
    expect(() => configFrom({ ...env, FEEDS_FILE: wrong })).toThrow(/\[0\]\.accounts: no such account x\/politics \(configured: mastodon\/default\)/);
    expect(() => parseFeedsFile(JSON.stringify([{ url: 'https://news.example.com/feed/', accounts: ['politics'] }]))).toThrow(/platform\/name/);
  });

  it('names the entry and field of every problem', () => {
    const bad = JSON.stringify([{ url: 'ftp://x' }, { url: 'https://a.example/', intervalSeconds: 5, priority: 'urgent', colour: 'red' }]);
    let error: unknown;
    try {
      parseFeedsFile(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('[0].url: must be an absolute http(s) URL');
    expect(message).toContain('[1].intervalSeconds: must be at least 30');
    expect(message).toContain('[1].priority: must be "normal" or "breaking"');
    expect(message).toContain('[1]: unknown field colour');
    expect(() => parseFeedsFile('{"url": "https://a.example/"}')).toThrow('must be a JSON list of feeds');
    expect(() => parseFeedsFile('[{"url": "https://a.example/"},')).toThrow(/FEEDS_FILE: not valid JSON/);
    expect(() => parseFeedsFile('[{"url": "https://a.example/"}, {"url": "https://a.example/"}]')).toThrow('[1] repeats the feed https://a.example/ of [0]');
  });

  it('is part of the Config: FEEDS_FILE, FEED_URLS in one setting, and Ghost', () => {
    const path = fileWith(JSON.stringify([{ url: 'https://news.example.com/feed/', section: 'World' }]));
    const config = configFrom({ FEEDS_FILE: path, FEED_URLS: 'https://a.example/rss, https://b.example/atom.xml', GHOST_WEBHOOK_SECRET: 'ghost-secret-0123456789', GHOST_INCLUDE_PAGES: 'true' });
    expect(config.sources.feeds.map((f) => f.url)).toEqual(['https://news.example.com/feed/', 'https://a.example/rss', 'https://b.example/atom.xml']);
    expect(config.sources.ghost).toEqual({ secret: 'ghost-secret-0123456789', includePages: true });
    expect(configFrom({}).sources).toEqual({ feeds: [], ghost: { secret: undefined, includePages: false } });
  });

  it('refuses a missing file, a feed in both settings, and a short Ghost secret', () => {
    expect(() => configFrom({ FEEDS_FILE: '/nonexistent/feeds.json' })).toThrow('FEEDS_FILE: cannot read /nonexistent/feeds.json: ENOENT');
    const path = fileWith(JSON.stringify([{ url: 'https://a.example/rss' }]));
    expect(() => configFrom({ FEEDS_FILE: path, FEED_URLS: 'https://a.example/rss' })).toThrow('feed https://a.example/rss is in both FEEDS_FILE and FEED_URLS');
    expect(() => configFrom({ FEED_URLS: 'not-a-url' })).toThrow('FEED_URLS: [0].url: must be an absolute http(s) URL');
    expect(() => configFrom({ GHOST_WEBHOOK_SECRET: 'short' })).toThrow('GHOST_WEBHOOK_SECRET must be at least 16 characters');
  });

  it('masks a private feed’s credentials wherever the URL is shown', () => {
    expect(shownFeedUrl('https://reader:pa55@news.example.com/feed?key=abc&page=2')).toBe('https://***@news.example.com/feed?key=***&page=2');
    expect(shownFeedUrl('https://news.example.com/feed?access_token=abc')).toBe('https://news.example.com/feed?access_token=***');
    expect(shownFeedUrl('https://news.example.com/feed/')).toBe('https://news.example.com/feed/');
    let message = '';
    try {
      parseFeedsFile(JSON.stringify([{ url: 'https://u:secret-pass@a.example/' }, { url: 'https://u:secret-pass@a.example/' }]));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('repeats the feed https://***@a.example/');
    expect(message).not.toContain('secret-pass');
  });
});
