import type { MastodonCredentials } from './descriptor.js';
import { ConfigError } from '../../domain/errors/index.js';
import type { MediaFetcher } from '../media.js';

export interface MastodonAdapterOptions {
  account: string;
  credentials: MastodonCredentials;
  fetchMedia: MediaFetcher;
  /** Per-request timeout; after it a status post counts as an ambiguous outcome. Default 30 000. */
  timeoutMs?: number;
  /** How often and how many times to ask whether an uploaded image is processed. Default 1 000 ms × 30. */
  mediaPollIntervalMs?: number;
  mediaPollAttempts?: number;
}

export type ValidMastodonAdapterOptions = Required<MastodonAdapterOptions>;

const VISIBILITIES = new Set(['public', 'unlisted', 'private', 'direct']);

/** Checks the options once, naming the bad setting but never echoing the token. */
export function validateMastodonOptions(options: MastodonAdapterOptions): ValidMastodonAdapterOptions {
  const { account, credentials, fetchMedia } = options;
  if (typeof account !== 'string' || account.trim() === '') throw new ConfigError('mastodon: account must be a non-empty string');
  if (typeof credentials !== 'object' || credentials === null) throw new ConfigError('mastodon: credentials are required');
  if (!isHttpUrl(credentials.url)) throw new ConfigError('mastodon: credentials.url must be an absolute http(s) URL');
  if (typeof credentials.accessToken !== 'string' || credentials.accessToken.trim() === '') {
    throw new ConfigError('mastodon: credentials.accessToken must be set');
  }
  if (!VISIBILITIES.has(credentials.visibility)) {
    throw new ConfigError('mastodon: credentials.visibility must be public, unlisted, private or direct');
  }
  if (typeof fetchMedia !== 'function') throw new ConfigError('mastodon: fetchMedia must be a function');
  const timeoutMs = positiveInteger(options.timeoutMs ?? 30_000, 'timeoutMs');
  const mediaPollIntervalMs = positiveInteger(options.mediaPollIntervalMs ?? 1_000, 'mediaPollIntervalMs');
  const mediaPollAttempts = positiveInteger(options.mediaPollAttempts ?? 30, 'mediaPollAttempts');
  return { account, credentials, fetchMedia, timeoutMs, mediaPollIntervalMs, mediaPollAttempts };
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value <= 0) throw new ConfigError(`mastodon: ${name} must be a positive whole number`);
  return value;
}

function isHttpUrl(value: unknown): boolean {
  return typeof value === 'string' && URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);
}
