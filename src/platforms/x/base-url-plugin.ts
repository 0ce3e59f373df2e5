import type { ITwitterApiClientPlugin } from 'twitter-api-v2';

/** Hosts twitter-api-v2 sends to; X_API_URL replaces all of them (a proxy or a test fake serves every path). */
const X_HOSTS = new Set(['api.x.com', 'api.twitter.com', 'upload.x.com', 'upload.twitter.com']);

/**
 * Points twitter-api-v2 (which has no base-URL option) at `apiUrl`.
 *
 * It rewrites in `onBeforeRequestConfig`, not `onBeforeRequest`: the library computes the OAuth 1.0a
 * signature between the two hooks, over the URL it is given. Rewriting earlier means the signature
 * is computed over the URL actually requested, so a server that verifies signatures (X behind a
 * proxy, or the test fake) accepts it. A rewrite in `onBeforeRequest` would send a signature made
 * for https://api.x.com/... to another host.
 *
 * With the official API URL nothing is rewritten: the library already knows X's hosts.
 */
export function baseUrlPlugin(apiUrl: string): ITwitterApiClientPlugin {
  const base = new URL(apiUrl);
  if (X_HOSTS.has(base.hostname) && base.protocol === 'https:' && base.port === '' && trimSlash(base.pathname) === '') {
    return {};
  }
  const prefix = trimSlash(base.pathname);
  return {
    onBeforeRequestConfig({ params }) {
      const target = new URL(params.url.startsWith('http') ? params.url : `https://${params.url}`);
      if (!X_HOSTS.has(target.hostname)) return;
      target.protocol = base.protocol;
      target.host = base.host;
      target.pathname = prefix + target.pathname;
      params.url = target.toString();
    },
  };
}

function trimSlash(path: string): string {
  return path.replace(/\/+$/, '');
}
