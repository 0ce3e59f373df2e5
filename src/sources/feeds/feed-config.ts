import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../../domain/errors/index.js';
import { lazy } from '../../domain/lazy.js';
import { PARSED_ONCE } from '../../domain/parse-once.js';
import type { Priority } from '../../domain/article.js';

/**
 * One polled feed (FEEDS_FILE entries, or FEED_URLS with the defaults). `section`, `tags` and
 * `priority` go onto every article from the feed, so the accounts file's section and tag routing
 * decides which accounts get it.
 */
export interface FeedConfig {
  /** Short stable id from the URL: names the feed's Redis keys and its job scheduler. */
  id: string;
  url: string;
  section?: string;
  tags: string[];
  priority: Priority;
  intervalSeconds: number;
  /** Items whose date is older than this are never posted (still recorded as seen). */
  maxAgeHours: number;
  /** Withdraw an article whose item left the feed while newer items stayed (see README, "Sources"). */
  withdrawRemoved: boolean;
  /** Only these accounts (`platform/name`) get the feed's articles; absent, every account the routing rules give them to. */
  accounts?: string[];
}

export const FEED_DEFAULTS = { intervalSeconds: 300, maxAgeHours: 48, withdrawRemoved: false } as const;

const SECRET_PARAM = /token|key|secret|password|passwd|auth|sig/i;

/**
 * The feed URL as logs, the audit trail (`feed:<url>`) and the health API show it: a private feed's
 * credentials (user:password@, ?token=…) are masked, since secrets never reach logs or responses.
 */
export function shownFeedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = '***';
      parsed.password = '';
    }
    for (const name of [...parsed.searchParams.keys()]) {
      if (SECRET_PARAM.test(name)) parsed.searchParams.set(name, '***');
    }
    return parsed.toString();
  } catch {
    return '(unparseable feed URL)';
  }
}

export function feedId(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 12);
}

// Built on first use: every process imports this module (through the config), few have feeds.
const feedListSchema = lazy(() => {
  const httpUrl = z
    .string({ error: 'must be a string' })
    .trim()
    .refine((v) => {
      try {
        const u = new URL(v);
        return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
      } catch {
        return false;
      }
    }, 'must be an absolute http(s) URL');

  const feedSchema = z.strictObject(
    {
      url: httpUrl,
      section: z.string().trim().min(1, 'must not be empty').optional(),
      tags: z.array(z.string().trim().min(1, 'must not be empty')).default([]),
      priority: z.enum(['normal', 'breaking'], { error: 'must be "normal" or "breaking"' }).default('normal'),
      intervalSeconds: z.number().int('must be a whole number').min(30, 'must be at least 30').default(FEED_DEFAULTS.intervalSeconds),
      maxAgeHours: z.number().positive('must be more than 0').default(FEED_DEFAULTS.maxAgeHours),
      withdrawRemoved: z.boolean().default(FEED_DEFAULTS.withdrawRemoved),
      accounts: z
        .array(z.string().trim().regex(/^[a-z]+\/[^/\s]+$/, 'must name accounts as platform/name, like "x/politics"'))
        .min(1, 'must name at least one account, or be left out')
        .optional(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.join(', ')}` : undefined) },
  );
  return z.array(feedSchema, { error: 'must be a JSON list of feeds: [{ "url": "https://…" }]' });
});

function withIds(feeds: z.output<ReturnType<typeof feedListSchema>>, source: string): FeedConfig[] {
  const seen = new Map<string, number>();
  return feeds.map((feed, i) => {
    const earlier = seen.get(feed.url);
    if (earlier !== undefined) throw new ConfigError(`${source}: [${i}] repeats the feed ${shownFeedUrl(feed.url)} of [${earlier}]`);
    seen.set(feed.url, i);
    const config: FeedConfig = { id: feedId(feed.url), ...feed };
    if (feed.section === undefined) delete config.section;
    if (feed.accounts === undefined) delete config.accounts;
    return config;
  });
}

/** Parses FEEDS_FILE's JSON text: a list of feeds; each problem names the entry and field. */
export function parseFeedsFile(text: string, source = 'FEEDS_FILE'): FeedConfig[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new ConfigError(`${source}: not valid JSON: ${(error as Error).message}`);
  }
  const parsed = feedListSchema().safeParse(raw, PARSED_ONCE);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.length ? i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') : '(root)'}: ${i.message}`);
    throw new ConfigError(`${source}: ${problems.join('; ')}`);
  }
  return withIds(parsed.data, source);
}

export function readFeedsFile(path: string): FeedConfig[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`FEEDS_FILE: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseFeedsFile(text, `FEEDS_FILE (${path})`);
}

/** FEED_URLS: comma-separated feed URLs with the defaults; the quickest way to start. */
export function parseFeedUrls(value: string): FeedConfig[] {
  const urls = value.split(/[\s,]+/).filter((u) => u !== '');
  return parseFeedsFile(JSON.stringify(urls.map((url) => ({ url }))), 'FEED_URLS');
}
