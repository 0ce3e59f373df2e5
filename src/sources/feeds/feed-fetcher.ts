/**
 * What the poller needs from an HTTP client: crier's safe fetcher (src/platforms/http/safe-fetch.ts)
 * fits, with its SSRF checks at connect time, size cap and time limit.
 */
export type FeedFetcher = (
  url: string,
  options: { accept: string; conditional?: { etag?: string; lastModified?: string } },
) => Promise<{ bytes: Uint8Array; mimeType: string; url: string; headers?: Record<string, string>; notModified?: boolean }>;

export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1';
