import { randomUUID } from 'node:crypto';
import type { DeliveredPart, DeliveryLedger, DeliveryResult, LedgerEntry } from '../../domain/delivery.js';
import type { Draft, MediaRef } from '../../domain/draft.js';
import { AmbiguousOutcomeError, ContentRejectedError, DeliveryError } from '../../domain/errors/index.js';
import { deliverParts } from '../http/deliver-parts.js';
import { tag } from '../http/status-errors.js';
import type { CredentialCheck, PlatformAdapter, PostOptions } from '../adapter.js';
import { validateMastodonOptions, type MastodonAdapterOptions, type ValidMastodonAdapterOptions } from './options.js';
import { readMastodonPrepared, writeMastodonPrepared } from './prepared.js';
import { callMastodon, type MastodonConnection } from './call-api.js';
import { uploadMedia } from './upload-media.js';

export type { MastodonAdapterOptions } from './options.js';

/**
 * Posts a Draft to one Mastodon account as an in_reply_to_id chain, through the delivery ledger.
 * Each part gets an Idempotency-Key before its first attempt and sends it on every attempt, so a
 * retry after a lost answer returns the status the instance already created instead of a second one.
 */
export class MastodonAdapter implements PlatformAdapter {
  readonly platform = 'mastodon' as const;
  readonly account: string;
  private readonly options: ValidMastodonAdapterOptions;
  private readonly connection: MastodonConnection;

  constructor(options: MastodonAdapterOptions) {
    this.options = validateMastodonOptions(options);
    this.account = this.options.account;
    const { url, accessToken } = this.options.credentials;
    this.connection = { baseUrl: url, accessToken, timeoutMs: this.options.timeoutMs };
  }

  async post(draft: Draft, ledger: DeliveryLedger, options: PostOptions = {}): Promise<DeliveryResult> {
    if (draft.platform !== 'mastodon') throw new ContentRejectedError(`mastodon adapter cannot post a ${draft.platform} draft`);
    return deliverParts(
      draft,
      ledger,
      'mastodon',
      ({ index, entry, previous }) => this.deliverPart(draft, index, entry, previous, ledger, options.signal),
      options.signal,
    );
  }

  /** GET /api/v1/accounts/verify_credentials: 401 for a revoked or mistyped token. */
  async verifyCredentials(options: { signal?: AbortSignal } = {}): Promise<CredentialCheck> {
    const answer = await callMastodon(this.connection, {
      method: 'GET',
      path: '/api/v1/accounts/verify_credentials',
      repeatable: true,
      partIndex: 0,
      signal: options.signal,
    });
    const acct = typeof answer.body === 'object' && answer.body !== null && 'acct' in answer.body ? answer.body.acct : undefined;
    return { verified: true, ...(typeof acct === 'string' ? { identity: `@${acct}` } : {}) };
  }

  async delete(part: DeliveredPart): Promise<void> {
    try {
      const path = `/api/v1/statuses/${encodeURIComponent(part.remoteId)}`;
      await callMastodon(this.connection, { method: 'DELETE', path, repeatable: true, partIndex: part.index });
    } catch (error) {
      // Already gone is what delete wants.
      if (error instanceof DeliveryError && error.status === 404) return;
      throw error;
    }
  }

  private async deliverPart(
    draft: Draft,
    index: number,
    entry: LedgerEntry | undefined,
    previous: DeliveredPart | undefined,
    ledger: DeliveryLedger,
    signal: AbortSignal | undefined,
  ): Promise<DeliveredPart> {
    const image = index === 0 ? draft.media[0] : undefined;
    let prepared = readMastodonPrepared(entry?.prepared);
    if (prepared.idempotencyKey === undefined) {
      const mine = {
        idempotencyKey: randomUUID(),
        attemptedAt: new Date().toISOString(),
        ...(image ? { mediaId: await this.upload(image, index, signal) } : {}),
      };
      // The ledger keeps the first prepare; a concurrent attempt's key wins and both send it.
      prepared = readMastodonPrepared(await ledger.prepare(index, writeMastodonPrepared(mine)));
    }
    const key = prepared.idempotencyKey ?? randomUUID();
    const mediaId = prepared.mediaId ?? (image ? await this.upload(image, index, signal) : undefined);

    const form = new URLSearchParams();
    form.set('status', draft.parts[index]?.text ?? '');
    form.set('visibility', this.options.credentials.visibility);
    if (draft.language) form.set('language', draft.language);
    if (previous) form.set('in_reply_to_id', previous.remoteId);
    if (mediaId !== undefined) form.append('media_ids[]', mediaId);
    // Not repeatable as far as the client knows: a lost answer is ambiguous, and the pipeline's
    // retry is safe only because it sends the same Idempotency-Key.
    const answer = await callMastodon(this.connection, {
      method: 'POST',
      path: '/api/v1/statuses',
      body: form,
      headers: { 'idempotency-key': key },
      repeatable: false,
      partIndex: index,
      signal,
    });
    return deliveredFrom(answer.body, index);
  }

  private upload(image: MediaRef, index: number, signal: AbortSignal | undefined): Promise<string | undefined> {
    const polling = { intervalMs: this.options.mediaPollIntervalMs, attempts: this.options.mediaPollAttempts };
    return uploadMedia(this.connection, this.options.fetchMedia, image, polling, index, signal);
  }
}

function deliveredFrom(body: unknown, index: number): DeliveredPart {
  if (typeof body !== 'object' || body === null || !('id' in body) || typeof body.id !== 'string') {
    // It answered success, so a status probably exists; the retry's Idempotency-Key finds it.
    throw tag(new AmbiguousOutcomeError('Mastodon answered the status post without a status id'), { platform: 'mastodon', partIndex: index });
  }
  const url = 'url' in body && typeof body.url === 'string' ? body.url : 'uri' in body && typeof body.uri === 'string' ? body.uri : undefined;
  return { index, remoteId: body.id, ...(url !== undefined ? { url } : {}) };
}
