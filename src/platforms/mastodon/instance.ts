import type { AccountConfig } from '../../config.js';
import { parseJson, sendRequest } from '../http/send-request.js';
import type { PlatformProfile } from '../profile.js';
import { MASTODON_DEFAULT_LIMITS, mastodonProfileFor, type MastodonLimits } from './limits.js';

/** Where the limits came from: the instance itself, or the defaults because it could not be read. */
export interface InstanceLimits extends MastodonLimits {
  source: 'instance' | 'fallback';
  /** Why the fallback is used (never includes a token: /api/v2/instance needs none). */
  reason?: string;
}

export interface InstanceLimitsOptions {
  /** How long an answer is trusted; instances change their limits rarely. Default one hour. */
  ttlMs?: number;
  /** How long a failed read is remembered before trying again. Default one minute. */
  retryAfterMs?: number;
  timeoutMs?: number;
  fallback?: MastodonLimits;
  now?: () => number;
}

interface Entry {
  limits: InstanceLimits;
  expiresAt: number;
}

function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

/** `configuration.statuses` of a /api/v2/instance answer, or a sentence saying what is wrong with it. */
export function parseInstanceLimits(body: unknown, fallback: MastodonLimits): MastodonLimits | string {
  if (typeof body !== 'object' || body === null) return 'the answer is not a JSON object';
  const configuration = (body as { configuration?: unknown }).configuration;
  const statuses = typeof configuration === 'object' && configuration !== null ? (configuration as { statuses?: unknown }).statuses : undefined;
  if (typeof statuses !== 'object' || statuses === null) return 'configuration.statuses is missing';
  const s = statuses as { max_characters?: unknown; characters_reserved_per_url?: unknown };
  const maxCharacters = positiveInt(s.max_characters);
  if (maxCharacters === undefined) return 'configuration.statuses.max_characters is not a positive whole number';
  const reserved = s.characters_reserved_per_url;
  const charactersReservedPerUrl =
    reserved === undefined ? fallback.charactersReservedPerUrl : typeof reserved === 'number' && Number.isInteger(reserved) && reserved >= 0 ? reserved : undefined;
  if (charactersReservedPerUrl === undefined) return 'configuration.statuses.characters_reserved_per_url is not a whole number';
  return { maxCharacters, charactersReservedPerUrl };
}

/**
 * Reads each instance's post limit and URL length from its public /api/v2/instance (no token),
 * cached per instance. An instance that cannot be read gets Mastodon's defaults, so composing
 * never waits on, or fails with, an instance's outage; the failure is retried after a minute.
 */
export class MastodonInstanceLimits {
  private readonly cache = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<InstanceLimits>>();
  private readonly ttlMs: number;
  private readonly retryAfterMs: number;
  private readonly timeoutMs: number;
  private readonly fallback: MastodonLimits;
  private readonly now: () => number;

  constructor(options: InstanceLimitsOptions = {}) {
    this.ttlMs = options.ttlMs ?? 3_600_000;
    this.retryAfterMs = options.retryAfterMs ?? 60_000;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.fallback = options.fallback ?? MASTODON_DEFAULT_LIMITS;
    this.now = options.now ?? Date.now;
  }

  /** The last known limits of an instance without asking it (the fallback when never read). */
  known(instanceUrl: string): InstanceLimits {
    return this.cache.get(origin(instanceUrl))?.limits ?? { ...this.fallback, source: 'fallback', reason: 'not read yet' };
  }

  async get(instanceUrl: string): Promise<InstanceLimits> {
    const key = origin(instanceUrl);
    const hit = this.cache.get(key);
    if (hit && hit.expiresAt > this.now()) return hit.limits;
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const read = this.read(key).finally(() => this.pending.delete(key));
    this.pending.set(key, read);
    return read;
  }

  private async read(base: string): Promise<InstanceLimits> {
    let limits: InstanceLimits;
    try {
      const response = await sendRequest(
        { method: 'GET', url: new URL('/api/v2/instance', base).toString(), headers: { accept: 'application/json' }, timeoutMs: this.timeoutMs, repeatable: true },
        'mastodon GET /api/v2/instance',
        { platform: 'mastodon' },
      );
      if (response.status < 200 || response.status >= 300) {
        limits = this.fail(`HTTP ${response.status} from /api/v2/instance`);
      } else {
        const parsed = parseInstanceLimits(parseJson(response.text), this.fallback);
        limits = typeof parsed === 'string' ? this.fail(parsed) : { ...parsed, source: 'instance' };
      }
    } catch (error) {
      limits = this.fail(error instanceof Error ? error.message : String(error));
    }
    const ttl = limits.source === 'instance' ? this.ttlMs : this.retryAfterMs;
    this.cache.set(base, { limits, expiresAt: this.now() + ttl });
    return limits;
  }

  private fail(reason: string): InstanceLimits {
    return { ...this.fallback, source: 'fallback', reason };
  }
}

function origin(instanceUrl: string): string {
  return new URL(instanceUrl).origin;
}

/**
 * For the composer's `profileFor`: each Mastodon account's profile from its instance's limits.
 * Compose is synchronous, so it uses what is known and asks the instance in the background
 * (a cached no-op until the TTL ends); the first posts after start-up may use the fallback.
 */
export function mastodonProfileResolver(
  accounts: readonly AccountConfig[],
  limits: MastodonInstanceLimits = new MastodonInstanceLimits(),
  options: { refresh?: boolean } = {},
): (target: { platform: string; account: string }) => PlatformProfile | undefined {
  const urls = new Map<string, string>();
  for (const a of accounts) if (a.platform === 'mastodon' && 'credentials' in a) urls.set(a.name, a.credentials.url);
  const profiles = new Map<string, { key: string; profile: PlatformProfile }>();
  const refresh = options.refresh ?? true;
  if (refresh) for (const url of new Set(urls.values())) void limits.get(url);
  return (target) => {
    if (target.platform !== 'mastodon') return undefined;
    const url = urls.get(target.account);
    if (url === undefined) return undefined;
    if (refresh) void limits.get(url);
    const known = limits.known(url);
    const key = `${known.maxCharacters}/${known.charactersReservedPerUrl}`;
    const cached = profiles.get(url);
    if (cached?.key === key) return cached.profile;
    const profile = mastodonProfileFor(known);
    profiles.set(url, { key, profile });
    return profile;
  };
}
