export interface FetchedMedia {
  bytes: Uint8Array;
  mimeType: string;
  /** The URL after redirects. */
  url: string;
  /** Response headers, lower-cased (validators for conditional requests: etag, last-modified). */
  headers?: Record<string, string>;
  /** The server answered 304 to a conditional request (only when `conditional` was passed): `bytes` is empty. */
  notModified?: boolean;
}

/** Validators from an earlier answer: sent as If-None-Match / If-Modified-Since. */
export interface ConditionalRequest {
  etag?: string;
  lastModified?: string;
}

export interface MediaFetchOptions {
  accept?: string;
  maxBytes?: number;
  conditional?: ConditionalRequest;
}

/** How adapters get images and pages: injected, so the safety rules (SSRF, size, timeout) live in one place. */
export type MediaFetcher = (url: string, options?: MediaFetchOptions) => Promise<FetchedMedia>;
