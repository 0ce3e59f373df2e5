export interface FetchedMedia {
  bytes: Uint8Array;
  mimeType: string;
  /** The URL after redirects. */
  url: string;
}

/** How adapters get images and pages: injected, so the safety rules (SSRF, size, timeout) live in one place. */
export type MediaFetcher = (url: string, options?: { accept?: string; maxBytes?: number }) => Promise<FetchedMedia>;
