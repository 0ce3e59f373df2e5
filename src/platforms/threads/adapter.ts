import type { ThreadsCredentials } from './descriptor.js';
import type { DeliveredPart, DeliveryLedger, DeliveryResult, LedgerEntry } from '../../domain/delivery.js';
import type { Draft, DraftPart } from '../../domain/draft.js';
import {
  UnconfirmedPartError,
  AuthError,
  ContentRejectedError,
  RateLimitedError,
  TransientError,
  type DeliveryError,
} from '../../domain/errors/index.js';
import type { CredentialCheck, PlatformAdapter, PostOptions } from '../adapter.js';
import { deliverParts } from '../http/deliver-parts.js';
import { DEFAULT_TIMEOUT_MS, joinUrl, optionalTimeout, requireHttpUrl, requireText } from '../http/options.js';
import { parseJson, sendRequest, type HttpResponse } from '../http/send-request.js';
import { errorForStatus, tag } from '../http/status-errors.js';
import { threadsResetAt } from './rate-limit-reset.js';

export interface ThreadsAdapterOptions {
  account: string;
  credentials: ThreadsCredentials;
  /** Graph API version in the path; Threads documents v1.0. */
  apiVersion?: string;
  timeoutMs?: number;
}

interface GraphError {
  error?: { message?: string; type?: string; code?: number; error_subcode?: number };
}

const PLATFORM = 'threads';
/** Graph error codes for throttling: 4 app, 17 user, 32 page, 613 custom rate limit. */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);
/** 190 invalid/expired token, 10 and 200-299 missing permission. */
const isAuthCode = (code: number | undefined): boolean => code === 190 || code === 10 || (code !== undefined && code >= 200 && code < 300);

/**
 * Threads publishes in two steps: a media container (POST /{user-id}/threads), then
 * POST /{user-id}/threads_publish?creation_id=. The container id is stored in the ledger (prepare)
 * before publishing, which makes a retry safe: it asks the container for its status and publishes
 * it only if it is still unpublished (FINISHED). A container that says PUBLISHED went out on an
 * earlier attempt whose answer was lost; its media id cannot be read back from the container, so
 * that case is AmbiguousOutcomeError (an editor checks the profile). Creating a container twice is
 * harmless: unpublished containers expire after 24 hours and are never shown.
 */
export class ThreadsAdapter implements PlatformAdapter {
  readonly platform = PLATFORM;
  readonly account: string;
  private readonly base: string;
  private readonly userId: string;
  private readonly accessToken: string;
  private readonly timeoutMs: number;

  constructor(options: ThreadsAdapterOptions) {
    this.account = requireText(options.account, 'account', PLATFORM);
    const apiUrl = requireHttpUrl(options.credentials?.apiUrl, 'credentials.apiUrl', PLATFORM);
    this.userId = requireText(options.credentials.userId, 'credentials.userId', PLATFORM);
    this.accessToken = requireText(options.credentials.accessToken, 'credentials.accessToken', PLATFORM);
    const version = requireText(options.apiVersion ?? 'v1.0', 'apiVersion', PLATFORM);
    this.base = joinUrl(apiUrl, version);
    this.timeoutMs = optionalTimeout(options.timeoutMs, 'timeoutMs', PLATFORM, DEFAULT_TIMEOUT_MS);
  }

  async post(draft: Draft, ledger: DeliveryLedger, options: PostOptions = {}): Promise<DeliveryResult> {
    return deliverParts(draft, ledger, PLATFORM, async ({ index, part, previous, entry }) => {
      const containerId = await this.containerFor(draft, index, part, previous, entry, ledger, options.signal);
      const published = await this.call('POST', `${this.userId}/threads_publish`, { creation_id: containerId }, index, options.signal);
      const mediaId = String((published as { id?: unknown }).id ?? '');
      if (!mediaId) throw tag(new TransientError('threads publish answered without a media id'), { platform: PLATFORM, partIndex: index });
      const url = await this.permalink(mediaId, index, options.signal);
      return { index, remoteId: mediaId, ...(url ? { url } : {}), ref: { containerId } };
    });
  }

  /** GET /me?fields=id,username: an expired or revoked token answers 190 (OAuthException). */
  async verifyCredentials(options: { signal?: AbortSignal } = {}): Promise<CredentialCheck> {
    const me = (await this.call('GET', 'me?fields=id,username', undefined, 0, options.signal)) as { username?: unknown };
    return { verified: true, ...(typeof me.username === 'string' ? { identity: `@${me.username}` } : {}) };
  }

  /** Already gone counts as deleted: Graph answers 400 code 100/33 "Object … does not exist" for it. */
  async delete(part: DeliveredPart): Promise<void> {
    try {
      await this.call('DELETE', encodeURIComponent(part.remoteId), {}, part.index);
    } catch (error) {
      if (error instanceof Error && (error as DeliveryError).status === 400 && /\(code 100\/33\)/.test(error.message)) return;
      throw error;
    }
  }

  /** The container to publish for this part: the one an earlier attempt stored, if still publishable, or a new one. */
  private async containerFor(
    draft: Draft,
    index: number,
    part: DraftPart,
    previous: DeliveredPart | undefined,
    entry: LedgerEntry | undefined,
    ledger: DeliveryLedger,
    signal?: AbortSignal,
  ): Promise<string> {
    const context = { platform: PLATFORM, partIndex: index };
    const earlier = entry?.prepared?.containerId;
    if (typeof earlier === 'string') {
      const { status, error_message: why } = (await this.call('GET', `${encodeURIComponent(earlier)}?fields=status,error_message`, undefined, index, signal)) as {
        status?: string;
        error_message?: string;
      };
      if (status === 'FINISHED') return earlier;
      if (status === 'PUBLISHED') {
        throw tag(
          new UnconfirmedPartError(
            `threads part ${index}: its container was already published but the post id was not recorded; an editor must check the platform before retrying`,
          ),
          context,
        );
      }
      if (status === 'IN_PROGRESS') throw tag(new TransientError(`threads part ${index}: container still processing`), context);
      if (status === 'ERROR') throw tag(new ContentRejectedError(`threads part ${index}: container failed (${why ?? 'UNKNOWN'})`), context);
      // EXPIRED: never published, so a fresh container is safe, but only once the stale id is forgotten.
      await ledger.release(index);
    }

    const image = index === 0 ? draft.media[0] : undefined;
    const params: Record<string, string> = image
      ? { media_type: 'IMAGE', image_url: image.url, alt_text: image.alt, text: part.text }
      : { media_type: 'TEXT', text: part.text, ...(index === 0 ? { link_attachment: draft.link.url } : {}) };
    if (previous) params.reply_to_id = previous.remoteId;
    const created = (await this.call('POST', `${this.userId}/threads`, params, index, signal)) as { id?: unknown };
    if (typeof created.id !== 'string' || !created.id) throw tag(new TransientError('threads container answered without an id'), context);
    const stored = await ledger.prepare(index, { containerId: created.id });
    // prepare keeps the first entry: if another attempt stored its container meanwhile, publish that one.
    return typeof stored.containerId === 'string' ? stored.containerId : created.id;
  }

  /** The permalink is a nicety: failing to read it must not fail a post that went out. */
  private async permalink(mediaId: string, index: number, signal?: AbortSignal): Promise<string | undefined> {
    try {
      const media = (await this.call('GET', `${encodeURIComponent(mediaId)}?fields=permalink`, undefined, index, signal)) as { permalink?: unknown };
      return typeof media.permalink === 'string' ? media.permalink : undefined;
    } catch {
      return undefined;
    }
  }

  private async call(method: 'GET' | 'POST' | 'DELETE', path: string, params: Record<string, string> | undefined, partIndex: number, signal?: AbortSignal): Promise<unknown> {
    const what = `threads ${method} /${path.split('?')[0]!.replace(this.userId, '{user-id}')}`;
    const response = await sendRequest(
      {
        method,
        url: joinUrl(this.base, path),
        // The token travels in a header, never the URL, so no URL can leak it.
        headers: { authorization: `Bearer ${this.accessToken}` },
        body: params ? new URLSearchParams(params) : undefined,
        timeoutMs: this.timeoutMs,
        signal,
      },
      what,
      { platform: PLATFORM, partIndex },
    );
    const body = parseJson(response.text);
    if (response.status >= 200 && response.status < 300 && body !== null && typeof body === 'object' && !('error' in body)) return body;
    throw this.error(response, body as GraphError | undefined, what, partIndex);
  }

  private error(response: HttpResponse, body: GraphError | undefined, what: string, partIndex: number): DeliveryError {
    const { status } = response;
    const err = body?.error;
    const code = err?.code;
    const message = (err?.message ?? `HTTP ${status}`).replaceAll(this.accessToken, '<token>');
    const detail = `${what} failed: ${status}${code !== undefined ? ` (code ${code}${err?.error_subcode ? `/${err.error_subcode}` : ''})` : ''} ${message}`;
    const context = { platform: PLATFORM, partIndex, status };
    if (status === 429 || (code !== undefined && RATE_LIMIT_CODES.has(code))) {
      return tag(new RateLimitedError(detail, threadsResetAt(response.headers)), context);
    }
    if (isAuthCode(code) || status === 401 || status === 403) return tag(new AuthError(detail), context);
    if (status >= 500 || code === 1 || code === 2) return tag(new TransientError(detail), context);
    if (status >= 400 && status < 500) return tag(new ContentRejectedError(detail), context);
    return errorForStatus(status, detail, context);
  }
}
