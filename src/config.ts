import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { readAccountsFile } from './accounts-file.js';
import { ConfigError } from './domain/errors/index.js';
import { PARSED_ONCE } from './domain/parse-once.js';
import { isPlatformId, PLATFORM_IDS, type PlatformId } from './domain/platform.js';
import type { CredentialField } from './platforms/descriptor.js';
import { PLATFORM_LIST, type CredentialsByPlatform } from './platforms/descriptors.js';
import { parseFeedUrls, readFeedsFile, type FeedConfig } from './sources/feeds/feed-config.js';

/**
 * The only module that reads process.env. Everything else receives a typed Config, which keeps
 * adapters and compose testable and makes every setting visible in one place (.env.example mirrors it).
 */

export type { CredentialsByPlatform } from './platforms/descriptors.js';

/** Which articles an account gets, and how its posts are held (from ACCOUNTS_FILE; env accounts get every article). */
export interface AccountRouting {
  /** Section slugs; with `tags`, the account gets articles matching either. */
  sections?: string[];
  /** Lower-cased tags. */
  tags?: string[];
  review?: boolean;
  holdSeconds?: number;
}

export type LiveAccountConfig = {
  [P in PlatformId]: { platform: P; name: string; credentials: CredentialsByPlatform[P]; delivery?: undefined } & AccountRouting;
}[PlatformId];

/**
 * An account composed for its platform but delivered to OUTBOX_DIR (DELIVERY_MODE=outbox, or
 * `"delivery": "outbox"` in ACCOUNTS_FILE). It carries no credentials: nothing it does can reach the platform.
 */
export type OutboxAccountConfig = { platform: PlatformId; name: string; delivery: 'outbox' } & AccountRouting;

export type AccountConfig = LiveAccountConfig | OutboxAccountConfig;

export interface Config {
  redisUrl: string;
  port: number;
  host: string;
  webhookSecret?: string;
  editorToken?: string;
  templatesDir: string;
  holdSeconds: number;
  review: { platforms: PlatformId[] | 'all'; sections: string[] };
  redisPrefix: string;
  delivery: { attempts: number; backoffMs: number; lockDurationMs: number; sweepIntervalMs: number; concurrency: number; paceMs: number };
  bodyLimitBytes: number;
  logLevel: string;
  thread: { maxParts: number; numbering: boolean; mode: 'never' | 'template' | 'auto' };
  /** ALT_TEXT_POLICY: an image without a real description is posted without alt text, or held for review. */
  altTextPolicy: 'post' | 'review';
  fetch: { allowPrivate: boolean; timeoutMs: number; maxBytes: number };
  /** The article image and page, fetched once per article and kept for every platform and retry. */
  media: { attempts: number; retryDelayMs: number; cacheSeconds: number; imagePolicy: 'post' | 'review' };
  /** ALERT_WEBHOOK_URL (a secret for Slack and Discord) and PUBLIC_URL, where alert links point. */
  alerts: { webhookUrl?: string; publicUrl?: string };
  /** METRICS_TOKEN: when set, GET /metrics wants it as a Bearer token. */
  metricsToken?: string;
  accounts: AccountConfig[];
  /** UNPUBLISH_POLICY: what an unpublished or deleted article does to posts that went out. */
  unpublishPolicy: 'review' | 'retract';
  /** `outbox`: every account is delivered to OUTBOX_DIR instead of its platform (staging, demo). */
  deliveryMode: 'live' | 'outbox';
  outboxDir: string;
  /** The editors' web pages: sessions are cookies encrypted with a key derived from `sessionSecret`. */
  dashboard: { sessionSecret?: string; sessionMaxAgeSeconds: number; timeZone: string };
  /** Where articles come from besides the signed intake: polled feeds (FEEDS_FILE, FEED_URLS) and Ghost. */
  sources: { feeds: FeedConfig[]; ghost: { secret?: string; includePages: boolean } };
}

type Env = Record<string, string | undefined>;

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

// The value is never echoed: it may carry the Redis password.
const REDIS_URL_MESSAGE = 'REDIS_URL must be a redis:// or rediss:// URL with a host, like redis://127.0.0.1:6379 or redis://127.0.0.1:6379/2';

/**
 * ioredis reads "127.0.0.1:6379" or "localhost" without a scheme as something else and connects
 * to DB 0 of whatever answers on its defaults; a typo must stop start-up instead.
 */
function isRedisUrl(value: string): boolean {
  if (!/^rediss?:\/\//i.test(value)) return false;
  try {
    const url = new URL(value);
    return url.hostname !== '' && /^(\/\d*)?$/.test(url.pathname);
  } catch {
    return false;
  }
}

const intSetting = (name: string, fallback: number, min = 0) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .default(fallback);

const boolSetting = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

const urlSetting = (name: string) =>
  z.url({ protocol: /^https?$/, error: `${name} must be an absolute http(s) URL` });

const baseSchema = z.object({
  REDIS_URL: z.string().refine(isRedisUrl, { error: REDIS_URL_MESSAGE }).default('redis://127.0.0.1:6379'),
  PORT: intSetting('PORT', 3000),
  HOST: z.string().default('0.0.0.0'),
  WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/=]+$/, 'WEBHOOK_SECRET must look like whsec_<base64 key>')
    .optional(),
  EDITOR_TOKEN: z.string().min(16, 'EDITOR_TOKEN must be at least 16 characters').optional(),
  TEMPLATES_DIR: z.string().default('./templates'),
  HOLD_SECONDS: intSetting('HOLD_SECONDS', 0),
  UNPUBLISH_POLICY: z.enum(['review', 'retract'], { error: 'UNPUBLISH_POLICY must be "review" or "retract"' }).default('review'),
  ACCOUNTS_FILE: z.string().optional(),
  REVIEW_PLATFORMS: z.string().default(''),
  REVIEW_SECTIONS: z.string().default(''),
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'REDIS_PREFIX may hold letters, digits, _ . -').default('crier'),
  DELIVERY_ATTEMPTS: intSetting('DELIVERY_ATTEMPTS', 8, 1),
  DELIVERY_BACKOFF_MS: intSetting('DELIVERY_BACKOFF_MS', 2000, 1),
  DELIVERY_LOCK_MS: intSetting('DELIVERY_LOCK_MS', 30_000, 1000),
  DELIVERY_CONCURRENCY: intSetting('DELIVERY_CONCURRENCY', 1, 1),
  DELIVERY_PACE_MS: intSetting('DELIVERY_PACE_MS', 0),
  SWEEP_INTERVAL_MS: intSetting('SWEEP_INTERVAL_MS', 30_000, 100),
  BODY_LIMIT_BYTES: intSetting('BODY_LIMIT_BYTES', 1_048_576, 1024),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  THREAD_MAX_PARTS: intSetting('THREAD_MAX_PARTS', 6, 1),
  THREAD_NUMBERING: boolSetting(true),
  THREAD_MODE: z.enum(['never', 'template', 'auto'], { error: 'THREAD_MODE must be never, template or auto' }).default('template'),
  ALT_TEXT_POLICY: z.enum(['post', 'review'], { error: 'ALT_TEXT_POLICY must be post or review' }).default('post'),
  FETCH_ALLOW_PRIVATE: boolSetting(false),
  FETCH_TIMEOUT_MS: intSetting('FETCH_TIMEOUT_MS', 10_000, 1),
  FETCH_MAX_BYTES: intSetting('FETCH_MAX_BYTES', 10_000_000, 1024),
  MEDIA_FETCH_ATTEMPTS: intSetting('MEDIA_FETCH_ATTEMPTS', 3, 1),
  MEDIA_RETRY_DELAY_MS: intSetting('MEDIA_RETRY_DELAY_MS', 1000, 0),
  MEDIA_CACHE_SECONDS: intSetting('MEDIA_CACHE_SECONDS', 6 * 3600, 60),
  IMAGE_POLICY: z.enum(['post', 'review'], { error: 'IMAGE_POLICY must be "post" (send without the image) or "review" (hold for an editor)' }).default('post'),
  ALERT_WEBHOOK_URL: urlSetting('ALERT_WEBHOOK_URL').optional(),
  PUBLIC_URL: urlSetting('PUBLIC_URL').optional(),
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  SESSION_MAX_AGE_SECONDS: intSetting('SESSION_MAX_AGE_SECONDS', 8 * 3600, 60),
  // Checked only when set: the check loads ICU's time-zone data (10-30 ms), and UTC needs none.
  NEWSROOM_TIMEZONE: z
    .string()
    .refine(isTimeZone, 'NEWSROOM_TIMEZONE must be an IANA time zone such as Europe/London or Asia/Karachi')
    .default('UTC'),
  DELIVERY_MODE: z.enum(['live', 'outbox'], { error: 'DELIVERY_MODE must be live or outbox' }).default('live'),
  OUTBOX_DIR: z.string().default('./outbox'),
  FEEDS_FILE: z.string().optional(),
  FEED_URLS: z.string().optional(),
  GHOST_WEBHOOK_SECRET: z.string().min(16, 'GHOST_WEBHOOK_SECRET must be at least 16 characters (copy it from the Ghost webhook)').optional(),
  GHOST_INCLUDE_PAGES: boolSetting(false),
});

/**
 * The platforms' own settings, from their descriptors: URLs checked as URLs, choices as choices,
 * fallbacks applied. Credentials proper (tokens, passwords) are read as they are.
 */
function platformSetting(field: CredentialField): z.ZodType<string | undefined> | undefined {
  if (field.url) {
    const url = urlSetting(field.env);
    return field.fallback !== undefined ? url.default(field.fallback) : url.optional();
  }
  if (field.oneOf) {
    const choice = z.string().refine((v) => field.oneOf!.includes(v), `${field.env} must be one of ${field.oneOf.join(', ')}`);
    return field.fallback !== undefined ? choice.default(field.fallback) : choice.optional();
  }
  return field.fallback !== undefined ? z.string().default(field.fallback) : undefined;
}

const platformSettingsSchema = z.object(
  Object.fromEntries(
    PLATFORM_LIST.flatMap((p) => Object.values(p.credentials))
      .map((field) => [field.env, platformSetting(field)] as const)
      .filter((entry): entry is readonly [string, z.ZodType<string | undefined>] => entry[1] !== undefined),
  ),
);
type PlatformSettings = Record<string, string | undefined>;

function present(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** Checked field by field against the platform's descriptor; the union type cannot follow a runtime platform id. */
function liveAccount(platform: PlatformId, name: string, credentials: Record<string, string>, routing: AccountRouting = {}): AccountConfig {
  return { platform, name, credentials, ...routing } as unknown as LiveAccountConfig;
}

/** The `default` account of each platform whose required variables are all set; a partial set is an error. */
function defaultAccounts(env: Env, settings: PlatformSettings): AccountConfig[] {
  const accounts: AccountConfig[] = [];
  for (const platform of PLATFORM_LIST) {
    const fields = Object.entries(platform.credentials);
    const required = fields.filter(([, f]) => f.required).map(([, f]) => f.env);
    const set = required.filter((v) => present(env, v));
    if (set.length === 0) continue;
    if (set.length < required.length) {
      const missing = required.filter((v) => !present(env, v));
      throw new ConfigError(`${platform.id} is partly configured: set ${missing.join(', ')} as well, or unset ${set.join(', ')}`);
    }
    const credentials = Object.fromEntries(fields.map(([key, f]) => [key, settings[f.env] ?? present(env, f.env) ?? '']));
    accounts.push(liveAccount(platform.id, 'default', credentials));
  }
  return accounts;
}

function withFileAccounts(accounts: AccountConfig[], base: z.infer<typeof baseSchema>, settings: PlatformSettings, env: Env): AccountConfig[] {
  if (!base.ACCOUNTS_FILE) return accounts;
  const all = [...accounts];
  readAccountsFile(base.ACCOUNTS_FILE, env).forEach((entry, i) => {
    if (all.some((a) => a.platform === entry.platform && a.name === entry.name)) {
      throw new ConfigError(`ACCOUNTS_FILE: accounts[${i}]: ${entry.platform}/${entry.name} is defined twice`);
    }
    const { platform, name, sections, tags, review, holdSeconds } = entry;
    if (entry.delivery === 'outbox') {
      all.push({ platform, name, delivery: 'outbox', sections, tags, review, holdSeconds });
      return;
    }
    const fields = Object.entries(PLATFORM_LIST.find((p) => p.id === platform)!.credentials);
    const missing = fields.filter(([key, f]) => f.required && !entry.credentials[key]).map(([key]) => key);
    if (missing.length > 0) {
      throw new ConfigError(`ACCOUNTS_FILE: accounts[${i}] (${platform}/${name}) needs credentials ${missing.join(', ')}`);
    }
    const credentials: Record<string, string> = { ...entry.credentials };
    for (const [key, field] of fields) {
      const value = credentials[key];
      if (value === undefined) {
        // Optional fields (API base URLs, visibility) default to the environment's setting.
        const fallback = settings[field.env];
        if (fallback !== undefined) credentials[key] = fallback;
        continue;
      }
      if (field.url && !/^https?:\/\/[^\s]+$/.test(value)) {
        throw new ConfigError(`ACCOUNTS_FILE: accounts[${i}].credentials.${key} must be an absolute http(s) URL`);
      }
      if (field.oneOf && !field.oneOf.includes(value)) {
        throw new ConfigError(`ACCOUNTS_FILE: accounts[${i}].credentials.${key} must be one of ${field.oneOf.join(', ')}`);
      }
    }
    all.push(liveAccount(platform, name, credentials, { sections, tags, review, holdSeconds }));
  });
  return all;
}

/**
 * DELIVERY_MODE=outbox: the accounts as configured (checked as for live, so the same settings can go
 * live), each delivered to the outbox and stripped of its credentials; with none configured, one
 * "default" account per platform, so every platform is composed and delivered.
 */
function inDeliveryMode(accounts: AccountConfig[], mode: 'live' | 'outbox'): AccountConfig[] {
  if (mode === 'live') return accounts;
  if (accounts.length === 0) return PLATFORM_IDS.map((platform) => ({ platform, name: 'default', delivery: 'outbox' }));
  return accounts.map(({ platform, name, sections, tags, review, holdSeconds }) => ({
    platform,
    name,
    delivery: 'outbox',
    sections,
    tags,
    review,
    holdSeconds,
  }));
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** REVIEW_PLATFORMS: `*` or platform ids; REVIEW_SECTIONS: section slugs (`south-asia`). */
function reviewRules(platforms: string, sections: string): Config['review'] {
  const ids = list(platforms);
  if (ids.includes('*')) return { platforms: 'all', sections: list(sections) };
  const unknown = ids.filter((id) => !isPlatformId(id));
  if (unknown.length > 0) {
    throw new ConfigError(`REVIEW_PLATFORMS: unknown platform ${unknown.join(', ')}; use * or ids like x,bluesky`);
  }
  return { platforms: ids as PlatformId[], sections: list(sections).map((s) => s.toLowerCase()) };
}

/**
 * Builds the Config from an environment. `loadEnv` also reads `.env` (dotenv) into process.env first;
 * tests pass an explicit env and skip it.
 */
export function configFrom(rawEnv: Env): Config {
  // `NAME=` in a .env file (as .env.example ships) means "not set", not "set to nothing".
  const env: Env = Object.fromEntries(Object.entries(rawEnv).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = baseSchema.safeParse(env, PARSED_ONCE);
  const platformParsed = platformSettingsSchema.safeParse(env, PARSED_ONCE);
  if (!parsed.success || !platformParsed.success) {
    const issues = [...(parsed.error?.issues ?? []), ...(platformParsed.error?.issues ?? [])];
    const problems = issues.map((i) => `${String(i.path[0] ?? '')}: ${i.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const settings: PlatformSettings = platformParsed.data;
  const base = parsed.data;
  const accounts = inDeliveryMode(withFileAccounts(defaultAccounts(env, settings), base, settings, env), base.DELIVERY_MODE);
  return {
    redisUrl: base.REDIS_URL,
    port: base.PORT,
    host: base.HOST,
    webhookSecret: base.WEBHOOK_SECRET,
    editorToken: base.EDITOR_TOKEN,
    templatesDir: base.TEMPLATES_DIR,
    holdSeconds: base.HOLD_SECONDS,
    review: reviewRules(base.REVIEW_PLATFORMS, base.REVIEW_SECTIONS),
    redisPrefix: base.REDIS_PREFIX,
    delivery: {
      attempts: base.DELIVERY_ATTEMPTS,
      backoffMs: base.DELIVERY_BACKOFF_MS,
      lockDurationMs: base.DELIVERY_LOCK_MS,
      sweepIntervalMs: base.SWEEP_INTERVAL_MS,
      concurrency: base.DELIVERY_CONCURRENCY,
      paceMs: base.DELIVERY_PACE_MS,
    },
    bodyLimitBytes: base.BODY_LIMIT_BYTES,
    logLevel: base.LOG_LEVEL,
    thread: { maxParts: base.THREAD_MAX_PARTS, numbering: base.THREAD_NUMBERING, mode: base.THREAD_MODE },
    altTextPolicy: base.ALT_TEXT_POLICY,
    fetch: { allowPrivate: base.FETCH_ALLOW_PRIVATE, timeoutMs: base.FETCH_TIMEOUT_MS, maxBytes: base.FETCH_MAX_BYTES },
    media: { attempts: base.MEDIA_FETCH_ATTEMPTS, retryDelayMs: base.MEDIA_RETRY_DELAY_MS, cacheSeconds: base.MEDIA_CACHE_SECONDS, imagePolicy: base.IMAGE_POLICY },
    alerts: { webhookUrl: base.ALERT_WEBHOOK_URL, publicUrl: base.PUBLIC_URL },
    metricsToken: base.METRICS_TOKEN,
    accounts,
    unpublishPolicy: base.UNPUBLISH_POLICY,
    deliveryMode: base.DELIVERY_MODE,
    outboxDir: base.OUTBOX_DIR,
    dashboard: { sessionSecret: base.SESSION_SECRET, sessionMaxAgeSeconds: base.SESSION_MAX_AGE_SECONDS, timeZone: base.NEWSROOM_TIMEZONE },
    sources: {
      feeds: feedsOf(base.FEEDS_FILE, base.FEED_URLS, accounts),
      ghost: { secret: base.GHOST_WEBHOOK_SECRET, includePages: base.GHOST_INCLUDE_PAGES },
    },
  };
}

/** FEEDS_FILE and FEED_URLS together; one feed named in both is an error, not two pollers. */
function feedsOf(file: string | undefined, urls: string | undefined, accounts: readonly AccountConfig[]): FeedConfig[] {
  const feeds = [...(file ? readFeedsFile(file) : []), ...(urls ? parseFeedUrls(urls) : [])];
  for (const [i, feed] of feeds.entries()) {
    const unknown = (feed.accounts ?? []).filter((name) => !accounts.some((a) => `${a.platform}/${a.name}` === name));
    if (unknown.length > 0) throw new ConfigError(`FEEDS_FILE: [${i}].accounts: no such account ${unknown.join(', ')} (configured: ${accounts.map((a) => `${a.platform}/${a.name}`).join(', ') || 'none'})`);
  }
  const twice = feeds.find((f, i) => feeds.findIndex((g) => g.url === f.url) !== i);
  if (twice) throw new ConfigError(`feed ${twice.url} is in both FEEDS_FILE and FEED_URLS`);
  return feeds;
}

export function loadConfig(): Config {
  loadDotenv({ quiet: true });
  return configFrom(process.env);
}

/**
 * Just `names` from .env and the environment. For `npm run demo`, which takes REDIS_URL and a few
 * others but never credentials or accounts: a demo must not reach a real platform.
 */
export function loadSettings(names: readonly string[]): Env {
  loadDotenv({ quiet: true });
  return Object.fromEntries(names.map((name) => [name, process.env[name]]));
}

/** Every environment variable crier reads (documented one by one in .env.example). */
export const SETTING_NAMES: readonly string[] = [
  ...new Set([...Object.keys(baseSchema.shape), ...PLATFORM_LIST.flatMap((p) => Object.values(p.credentials).map((f) => f.env))]),
];
