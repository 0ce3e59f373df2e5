import { ConfigError } from '../../domain/errors/index.js';

/** Constructor checks shared by adapters: each failure names the option, never its value (it may be a secret). */
export function requireText(value: unknown, name: string, platform: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigError(`${platform} adapter: option ${name} must be a non-empty string`);
  }
  return value;
}

/** An absolute http(s) URL. */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export function requireHttpUrl(value: unknown, name: string, platform: string): URL {
  const text = requireText(value, name, platform);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${platform} adapter: option ${name} must be an absolute http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${platform} adapter: option ${name} must be an absolute http(s) URL`);
  }
  return url;
}

export function optionalTimeout(value: unknown, name: string, platform: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ConfigError(`${platform} adapter: option ${name} must be a positive whole number of milliseconds`);
  }
  return value;
}

/** Joins a base URL (which may carry a path) and a path without doubling or losing slashes. */
export function joinUrl(base: URL | string, path: string): string {
  return `${String(base).replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
