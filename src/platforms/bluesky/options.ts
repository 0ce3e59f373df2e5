import type { BlueskyCredentials } from './descriptor.js';
import { ConfigError } from '../../domain/errors/index.js';
import { isHttpUrl } from '../http/options.js';
import type { MediaFetcher } from '../media.js';
import type { BlueskySessionStore } from './session-store.js';

export interface BlueskyAdapterOptions {
  /** crier's name for this account (`default`, or one from the accounts file). */
  account: string;
  credentials: BlueskyCredentials;
  fetchMedia: MediaFetcher;
  sessionStore?: BlueskySessionStore;
  /** Where post URLs point; the app, not the PDS. Default https://bsky.app. */
  webUrl?: string;
  /** Deadline of each request to the PDS. Default 30 s. */
  timeoutMs?: number;
  /** Told about what went wrong without failing the post (a card without thumbnail). */
  onWarning?: (message: string) => void;
}


const nonEmpty = (value: unknown): boolean => typeof value === 'string' && value.trim().length > 0;

/** Names every bad option; never echoes a value, since one of them is the app password. */
export function validateOptions(options: BlueskyAdapterOptions): void {
  const problems: string[] = [];
  const creds: Partial<BlueskyCredentials> = (options.credentials as BlueskyCredentials | undefined) ?? {};
  if (!nonEmpty(options.account)) problems.push('account must be a non-empty string');
  if (!nonEmpty(creds.identifier)) problems.push('credentials.identifier must be a handle or DID');
  if (!nonEmpty(creds.appPassword)) problems.push('credentials.appPassword must be set');
  if (!isHttpUrl(creds.service)) problems.push('credentials.service must be an absolute http(s) URL');
  if (typeof options.fetchMedia !== 'function') problems.push('fetchMedia must be a function');
  if (options.webUrl !== undefined && !isHttpUrl(options.webUrl)) problems.push('webUrl must be an absolute http(s) URL');
  if (options.timeoutMs !== undefined && !(Number.isInteger(options.timeoutMs) && options.timeoutMs > 0)) {
    problems.push('timeoutMs must be a positive whole number');
  }
  const store = options.sessionStore;
  if (store !== undefined && (typeof store.load !== 'function' || typeof store.save !== 'function')) {
    problems.push('sessionStore must have load() and save()');
  }
  if (problems.length > 0) throw new ConfigError(`invalid Bluesky adapter options: ${problems.join('; ')}`);
}
