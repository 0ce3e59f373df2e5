import type { XCredentials } from './descriptor.js';
import { ConfigError } from '../../domain/errors/index.js';
import { isHttpUrl } from '../http/options.js';
import type { MediaFetcher } from '../media.js';

export interface XAdapterOptions {
  account: string;
  credentials: XCredentials;
  fetchMedia: MediaFetcher;
  /**
   * How far before a part's first attempt reconciliation looks for it in the account's timeline:
   * covers the clock difference between crier and X. Default 10.
   */
  recentLookbackMinutes?: number;
  /** Per-request timeout; after it a write counts as an ambiguous outcome. Default 30 000. */
  timeoutMs?: number;
}

export interface ValidXAdapterOptions extends Required<XAdapterOptions> {}

/** Checks the options once, naming the bad setting but never echoing a credential's value. */
export function validateXOptions(options: XAdapterOptions): ValidXAdapterOptions {
  const { account, credentials, fetchMedia } = options;
  if (typeof account !== 'string' || account.trim() === '') throw new ConfigError('x: account must be a non-empty string');
  if (typeof credentials !== 'object' || credentials === null) throw new ConfigError('x: credentials are required');
  for (const key of ['apiKey', 'apiSecret', 'accessToken', 'accessSecret'] as const) {
    const value: unknown = credentials[key];
    if (typeof value !== 'string' || value.trim() === '') throw new ConfigError(`x: credentials.${key} must be set`);
  }
  if (!isHttpUrl(credentials.apiUrl)) throw new ConfigError('x: credentials.apiUrl must be an absolute http(s) URL');
  if (typeof fetchMedia !== 'function') throw new ConfigError('x: fetchMedia must be a function');
  const recentLookbackMinutes = options.recentLookbackMinutes ?? 10;
  if (!Number.isFinite(recentLookbackMinutes) || recentLookbackMinutes < 0) {
    throw new ConfigError('x: recentLookbackMinutes must be a number of minutes, 0 or more');
  }
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new ConfigError('x: timeoutMs must be a positive whole number');
  return { account, credentials, fetchMedia, recentLookbackMinutes, timeoutMs };
}

