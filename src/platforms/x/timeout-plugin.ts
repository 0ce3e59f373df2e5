import type { ITwitterApiClientPlugin } from 'twitter-api-v2';

/**
 * twitter-api-v2 only supports a timeout per request and its convenience methods (v2.tweet, …)
 * take none; this fills in a default before the request is built. On expiry the library destroys
 * the socket and rejects with an ApiRequestError ("Request timeout."), which errors.ts treats as
 * an ambiguous outcome for writes.
 */
export function timeoutPlugin(timeoutMs: number): ITwitterApiClientPlugin {
  return {
    onBeforeRequestConfig({ params }) {
      params.timeout ??= timeoutMs;
    },
  };
}
