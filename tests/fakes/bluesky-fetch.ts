import type { MediaFetcher } from '../../src/platforms/media.js';

/**
 * A MediaFetcher for tests on loopback: plain fetch, no SSRF rules (the real fetcher refuses
 * loopback addresses, which is all a test has).
 */
export const loopbackFetcher: MediaFetcher = async (url, options) => {
  const res = await fetch(url, { headers: options?.accept ? { accept: options.accept } : {} });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (options?.maxBytes !== undefined && bytes.length > options.maxBytes) {
    throw new Error(`GET ${url}: ${bytes.length} bytes is over ${options.maxBytes}`);
  }
  const mimeType = (res.headers.get('content-type') ?? 'application/octet-stream').split(';')[0]!.trim();
  return { bytes, mimeType, url: res.url || url };
};
