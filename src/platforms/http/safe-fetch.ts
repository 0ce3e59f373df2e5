import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { Agent, request, type Dispatcher } from 'undici';
import { ContentRejectedError, TransientError, UnsafeUrlError } from '../../domain/errors/index.js';
import type { FetchedMedia, MediaFetcher, MediaFetchOptions } from '../media.js';
import { deadline } from './deadline.js';
import { ipLiteral, isPublicAddress } from './address-policy.js';

export interface SafeFetcherOptions {
  /** Lets private, loopback and link-local targets through (development, tests, intranet CMS). */
  allowPrivate: boolean;
  /** Total time for the whole fetch, redirects and body included. */
  timeoutMs: number;
  maxBytes: number;
  userAgent?: string;
  /** Resolves a host name to addresses; defaults to the system resolver. Injected by tests. */
  resolve?: (hostname: string) => Promise<string[]>;
  /**
   * Host names trusted to resolve to private addresses even when allowPrivate is false (a CMS
   * media host on the newsroom's network). Redirect targets are still checked hop by hop.
   */
  trustedHosts?: string[];
}

const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

async function systemResolve(hostname: string): Promise<string[]> {
  const found = await dnsLookup(hostname, { all: true, verbatim: true });
  return found.map((a) => a.address);
}

function familyOf(address: string): 4 | 6 {
  return address.includes(':') ? 6 : 4;
}

/** Walks an error's cause chain: undici and net wrap the error thrown from `lookup`. */
function findCause<T>(err: unknown, type: abstract new (...args: never[]) => T): T | undefined {
  let current: unknown = err;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current instanceof type) return current;
    current = current.cause;
  }
  return undefined;
}

/** Drops a body we will not read; undici would otherwise raise the abort as an uncaught 'error'. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

function mimeTypeOf(contentType: string | string[] | undefined): string {
  const value = Array.isArray(contentType) ? contentType[0] : contentType;
  return (value ?? 'application/octet-stream').split(';')[0]!.trim().toLowerCase();
}

function headersOf(raw: Dispatcher.ResponseData['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

/**
 * A MediaFetcher that refuses to reach private networks (SSRF). The check happens in the socket's
 * own DNS lookup, so the address judged is the address connected to: a name that resolves to a
 * public address for a pre-check and to 127.0.0.1 for the connection (DNS rebinding) is still refused.
 */
export function createSafeFetcher(options: SafeFetcherOptions): MediaFetcher {
  const resolve = options.resolve ?? systemResolve;
  const trusted = new Set((options.trustedHosts ?? []).map((h) => h.toLowerCase()));
  const mayConnect = (hostname: string, address: string): boolean =>
    options.allowPrivate || trusted.has(hostname.toLowerCase()) || isPublicAddress(address);

  const lookup = (hostname: string, lookupOptions: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname).then(
      (addresses) => {
        const wanted = lookupOptions.family === 4 || lookupOptions.family === 6 ? lookupOptions.family : undefined;
        const usable = addresses.filter((a) => wanted === undefined || familyOf(a) === wanted);
        const refused = usable.find((a) => !mayConnect(hostname, a));
        // One refused address refuses the host: otherwise a name with a public and a private record could pick either.
        if (refused !== undefined || usable.length === 0) {
          const reason = refused !== undefined ? 'it resolves to a private or reserved address' : 'it does not resolve';
          callback(new UnsafeUrlError(`refused to fetch from ${hostname}: ${reason}`) as NodeJS.ErrnoException, '');
          return;
        }
        if (lookupOptions.all) callback(null, usable.map((address) => ({ address, family: familyOf(address) })));
        else callback(null, usable[0]!, familyOf(usable[0]!));
      },
      (err: unknown) => callback(err as NodeJS.ErrnoException, ''),
    );
  };

  const agent = new Agent({ connect: { lookup } });

  function checkUrl(url: URL): void {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new UnsafeUrlError(`refused to fetch a ${url.protocol.replace(/:$/, '')} URL: only http and https are fetched`);
    }
    // net.connect skips `lookup` for IP literals, so they are judged here.
    const literal = ipLiteral(url.hostname);
    if (literal !== undefined && !mayConnect(url.hostname, literal)) {
      throw new UnsafeUrlError(`refused to fetch from ${url.hostname}: a private or reserved address`);
    }
  }

  async function readCapped(body: Dispatcher.ResponseData['body'], host: string, maxBytes: number): Promise<Uint8Array> {
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of body) {
      const buf = chunk as Buffer;
      total += buf.length;
      if (total > maxBytes) {
        discard(body);
        throw new ContentRejectedError(`media from ${host} is larger than ${maxBytes} bytes`);
      }
      chunks.push(buf);
    }
    return new Uint8Array(Buffer.concat(chunks, total));
  }

  const fetchMedia: MediaFetcher = async (rawUrl, fetchOptions = {}) => {
    const maxBytes = Math.min(fetchOptions.maxBytes ?? options.maxBytes, options.maxBytes);
    // A deadline, not AbortSignal.timeout: its clock stops with the fetch (deadline.ts says why).
    const call = deadline(options.timeoutMs);
    try {
      return await fetchWithin(rawUrl, fetchOptions, maxBytes, call.signal);
    } finally {
      call.release();
    }
  };

  async function fetchWithin(rawUrl: string, fetchOptions: MediaFetchOptions, maxBytes: number, signal: AbortSignal): Promise<FetchedMedia> {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw new UnsafeUrlError('refused to fetch: not an absolute URL');
    }
    const headers: Record<string, string> = { accept: fetchOptions.accept ?? '*/*' };
    if (options.userAgent) headers['user-agent'] = options.userAgent;
    const conditional = fetchOptions.conditional;
    if (conditional?.etag) headers['if-none-match'] = conditional.etag;
    if (conditional?.lastModified) headers['if-modified-since'] = conditional.lastModified;

    for (let hop = 0; ; hop++) {
      checkUrl(url);
      const host = url.hostname;
      let response: Dispatcher.ResponseData;
      try {
        response = await request(url, { method: 'GET', headers, dispatcher: agent, signal, maxRedirections: 0 });
      } catch (err) {
        const unsafe = findCause(err, UnsafeUrlError);
        if (unsafe) throw unsafe;
        if (signal.aborted) throw new TransientError(`fetching from ${host} timed out after ${options.timeoutMs} ms`, { cause: err });
        throw new TransientError(`could not fetch from ${host}: ${(err as Error).message}`, { cause: err });
      }

      try {
        const { statusCode } = response;
        if (REDIRECT_STATUSES.has(statusCode)) {
          await response.body.dump();
          const location = response.headers.location;
          const target = Array.isArray(location) ? location[0] : location;
          if (!target) throw new ContentRejectedError(`${host} answered ${statusCode} without a Location`);
          if (hop >= MAX_REDIRECTS) throw new ContentRejectedError(`too many redirects fetching from ${host}`);
          url = new URL(target, url);
          continue;
        }
        if (statusCode === 304 && conditional) {
          await response.body.dump();
          const mimeType = mimeTypeOf(response.headers['content-type']);
          return { bytes: new Uint8Array(), mimeType, url: url.toString(), headers: headersOf(response.headers), notModified: true };
        }
        if (statusCode >= 500) throw new TransientError(`${host} answered ${statusCode}`);
        if (statusCode >= 400) throw new ContentRejectedError(`${host} answered ${statusCode}`);
        if (statusCode < 200 || statusCode >= 300) throw new ContentRejectedError(`${host} answered ${statusCode}`);

        const declared = Number(response.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) {
          throw new ContentRejectedError(`media from ${host} is larger than ${maxBytes} bytes (Content-Length ${declared})`);
        }
        const bytes = await readCapped(response.body, host, maxBytes);
        const mimeType = mimeTypeOf(response.headers['content-type']);
        return { bytes, mimeType, url: url.toString(), headers: headersOf(response.headers) };
      } catch (err) {
        discard(response.body);
        if (err instanceof ContentRejectedError || err instanceof TransientError || err instanceof UnsafeUrlError) throw err;
        if (signal.aborted) throw new TransientError(`fetching from ${host} timed out after ${options.timeoutMs} ms`, { cause: err });
        throw new TransientError(`could not read from ${host}: ${(err as Error).message}`, { cause: err });
      }
    }
  }

  return fetchMedia;
}
