import type { LinkedInCredentials } from './descriptor.js';
import type { DeliveredPart, DeliveryLedger, DeliveryResult, JsonObject } from '../../domain/delivery.js';
import type { Draft, MediaRef } from '../../domain/draft.js';
import { AuthError, ConfigError, ContentRejectedError, RateLimitedError, TransientError, type DeliveryError } from '../../domain/errors/index.js';
import type { CredentialCheck, PlatformAdapter, PostOptions } from '../adapter.js';
import { deliverParts } from '../http/deliver-parts.js';
import { DEFAULT_TIMEOUT_MS, joinUrl, optionalTimeout, requireHttpUrl, requireText } from '../http/options.js';
import { defaultResetAt, parseRetryAfter } from '../http/retry-after.js';
import { sendOnce } from '../http/send-once.js';
import { parseJson, sendRequest, type HttpResponse } from '../http/send-request.js';
import { errorForStatus, tag } from '../http/status-errors.js';
import type { ImageRules } from '../../media/fit-image.js';
import { imageForPlatform } from '../fetch-image.js';
import type { MediaFetcher } from '../media.js';
import { escapeLittleText } from './little-text.js';

export interface LinkedInAdapterOptions {
  account: string;
  credentials: LinkedInCredentials;
  /** The Linkedin-Version header (YYYYMM). LinkedIn retires versions after about a year. */
  linkedinVersion?: string;
  /** When given, the article image is uploaded (Images API) as the link card's thumbnail. */
  fetchMedia?: MediaFetcher;
  timeoutMs?: number;
}

const PLATFORM = 'linkedin';
/** What the Images API takes for a post thumbnail. */
const IMAGE_RULES: ImageRules = { maxBytes: 8 * 1024 * 1024, types: ['image/jpeg', 'image/png', 'image/gif'] };
const DEFAULT_VERSION = '202509';

/**
 * One post (LinkedIn has no threads: maxParts 1) through the versioned Posts API: commentary in
 * little text plus an article card (source, title, description, thumbnail) for the link.
 * Retry safety: the Posts API has no idempotency key. The author's posts could in principle be
 * listed to reconcile, but that needs r_member_social/r_organization_social access which a posting
 * token usually lacks, so an unknown outcome is not re-sent (AmbiguousOutcomeError, see sendOnce).
 */
export class LinkedInAdapter implements PlatformAdapter {
  readonly platform = PLATFORM;
  readonly account: string;
  private readonly apiUrl: URL;
  private readonly accessToken: string;
  private readonly author: string;
  private readonly version: string;
  private readonly fetchMedia?: MediaFetcher;
  private readonly timeoutMs: number;

  constructor(options: LinkedInAdapterOptions) {
    this.account = requireText(options.account, 'account', PLATFORM);
    this.apiUrl = requireHttpUrl(options.credentials?.apiUrl, 'credentials.apiUrl', PLATFORM);
    this.accessToken = requireText(options.credentials.accessToken, 'credentials.accessToken', PLATFORM);
    this.author = requireText(options.credentials.author, 'credentials.author', PLATFORM);
    if (!/^urn:li:(person|organization):\S+$/.test(this.author)) {
      throw new ConfigError(`${PLATFORM} adapter: option credentials.author must be a urn:li:person: or urn:li:organization: URN`);
    }
    this.version = requireText(options.linkedinVersion ?? DEFAULT_VERSION, 'linkedinVersion', PLATFORM);
    if (!/^\d{6}(\.\d{2})?$/.test(this.version)) throw new ConfigError(`${PLATFORM} adapter: option linkedinVersion must look like YYYYMM`);
    this.fetchMedia = options.fetchMedia;
    this.timeoutMs = optionalTimeout(options.timeoutMs, 'timeoutMs', PLATFORM, DEFAULT_TIMEOUT_MS);
  }

  async post(draft: Draft, ledger: DeliveryLedger, options: PostOptions = {}): Promise<DeliveryResult> {
    return deliverParts(draft, ledger, PLATFORM, async ({ index, part, entry }) => {
      const article: JsonObject = { source: draft.link.url, title: draft.link.title, description: draft.link.description };
      const image = draft.media[0];
      // Uploading is harmless to repeat, so it happens before the part is marked in flight.
      if (index === 0 && image && this.fetchMedia && !entry?.prepared) {
        const thumbnail = await this.uploadImage(image, index, options.signal);
        if (thumbnail !== undefined) article.thumbnail = thumbnail;
        if (thumbnail !== undefined && image.alt) article.thumbnailAltText = image.alt;
      }
      return sendOnce(ledger, entry, index, PLATFORM, async () => {
        const body: JsonObject = {
          author: this.author,
          commentary: escapeLittleText(part.text),
          visibility: 'PUBLIC',
          distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
          ...(index === 0 ? { content: { article } } : {}),
          lifecycleState: 'PUBLISHED',
          isReshareDisabledByAuthor: false,
        };
        const response = await this.call('POST', 'rest/posts', body, index, options.signal);
        const urn = response.headers.get('x-restli-id');
        if (!urn) throw tag(new TransientError('linkedin create post answered without x-restli-id'), { platform: PLATFORM, partIndex: index });
        return { index, remoteId: urn, url: `https://www.linkedin.com/feed/update/${urn}` };
      });
    });
  }

  /**
   * GET /v2/userinfo. A 401 means the token is expired or revoked. A posting token without the
   * openid scope gets 403 here although it may post, so a 403 is reported as unchecked, not refused.
   */
  async verifyCredentials(options: { signal?: AbortSignal } = {}): Promise<CredentialCheck> {
    const response = await sendRequest(
      {
        method: 'GET',
        url: joinUrl(this.apiUrl, 'v2/userinfo'),
        headers: { authorization: `Bearer ${this.accessToken}` },
        timeoutMs: this.timeoutMs,
        signal: options.signal,
      },
      'linkedin GET /v2/userinfo',
      { platform: PLATFORM, partIndex: 0 },
    );
    if (response.status >= 200 && response.status < 300) {
      const me = parseJson(response.text) as { name?: unknown; sub?: unknown } | undefined;
      const identity = typeof me?.name === 'string' ? me.name : typeof me?.sub === 'string' ? me.sub : undefined;
      return { verified: true, ...(identity ? { identity } : {}) };
    }
    if (response.status === 403) return { verified: false, note: 'the token may not read /v2/userinfo (no openid scope); the first post checks it' };
    throw this.error(response, 'linkedin GET /v2/userinfo', 0);
  }

  /** Already gone (404) counts as deleted: a retraction that resumes must not stop on it. */
  async delete(part: DeliveredPart): Promise<void> {
    try {
      await this.call('DELETE', `rest/posts/${encodeURIComponent(part.remoteId)}`, undefined, part.index);
    } catch (error) {
      if ((error as DeliveryError).status === 404) return;
      throw error;
    }
  }

  /** The card's thumbnail; undefined when the image cannot be had or sized, so the card goes without one. */
  private async uploadImage(image: MediaRef, partIndex: number, signal?: AbortSignal): Promise<string | undefined> {
    const found = await imageForPlatform(this.fetchMedia!, image, IMAGE_RULES);
    if (!found.ok) return undefined;
    const media = found.image;
    const init = await this.call('POST', 'rest/images?action=initializeUpload', { initializeUploadRequest: { owner: this.author } }, partIndex, signal);
    const value = (parseJson(init.text) as { value?: { uploadUrl?: unknown; image?: unknown } } | undefined)?.value;
    if (typeof value?.uploadUrl !== 'string' || typeof value.image !== 'string') {
      throw tag(new TransientError('linkedin initializeUpload answered without uploadUrl/image'), { platform: PLATFORM, partIndex });
    }
    const upload = await sendRequest(
      {
        method: 'PUT',
        url: value.uploadUrl,
        headers: { authorization: `Bearer ${this.accessToken}`, 'content-type': media.mimeType },
        body: media.bytes,
        timeoutMs: this.timeoutMs,
        signal,
      },
      'linkedin image upload',
      { platform: PLATFORM, partIndex },
    );
    if (upload.status < 200 || upload.status >= 300) throw this.error(upload, 'linkedin image upload', partIndex);
    return value.image;
  }

  private async call(method: 'POST' | 'DELETE', path: string, body: JsonObject | undefined, partIndex: number, signal?: AbortSignal): Promise<HttpResponse> {
    const what = `linkedin ${method} /${path.split('?')[0]!.replace(/\/urn%3A.*$/, '/{urn}')}`;
    const response = await sendRequest(
      {
        method,
        url: joinUrl(this.apiUrl, path),
        headers: {
          authorization: `Bearer ${this.accessToken}`,
          'linkedin-version': this.version,
          'x-restli-protocol-version': '2.0.0',
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        timeoutMs: this.timeoutMs,
        signal,
      },
      what,
      { platform: PLATFORM, partIndex },
    );
    if (response.status >= 200 && response.status < 300) return response;
    throw this.error(response, what, partIndex);
  }

  private error(response: HttpResponse, what: string, partIndex: number): DeliveryError {
    const { status } = response;
    const answer = parseJson(response.text) as { message?: unknown; serviceErrorCode?: unknown } | undefined;
    const message = typeof answer?.message === 'string' ? answer.message.replaceAll(this.accessToken, '<token>') : `HTTP ${status}`;
    const detail = `${what} failed: ${status} ${message}`;
    const context = { platform: PLATFORM, partIndex, status };
    if (status === 429) return tag(new RateLimitedError(detail, parseRetryAfter(response.headers.get('retry-after')) ?? defaultResetAt()), context);
    if (status === 401 || status === 403) return tag(new AuthError(detail), context);
    if (status === 400 || status === 422) return tag(new ContentRejectedError(detail), context);
    return errorForStatus(status, detail, context);
  }
}
