import { createHash, randomUUID } from 'node:crypto';
import type { MatrixCredentials } from './descriptor.js';
import type { DeliveredPart, DeliveryLedger, DeliveryResult, JsonObject } from '../../domain/delivery.js';
import type { Draft } from '../../domain/draft.js';
import { AuthError, ConfigError, ContentRejectedError, TransientError } from '../../domain/errors/index.js';
import type { CredentialCheck, PlatformAdapter, PostOptions } from '../adapter.js';
import { altText } from '../fetch-image.js';
import { deliverParts, type PartToSend } from '../http/deliver-parts.js';
import { DEFAULT_TIMEOUT_MS, optionalTimeout, requireHttpUrl, requireText } from '../http/options.js';
import { tag } from '../http/status-errors.js';
import type { MediaFetcher } from '../media.js';
import { matrixCall, roomPath, type MatrixConnection } from './client.js';
import { imageContent, textContent, threadRelation } from './event-content.js';
import { readMatrixPrepared, writeMatrixPrepared, type MatrixPrepared } from './prepared.js';
import { uploadImage } from './upload-image.js';

export interface MatrixAdapterOptions {
  account: string;
  credentials: MatrixCredentials;
  timeoutMs?: number;
  /** Without it no image is uploaded: an m.image event needs the bytes on the homeserver. */
  fetchMedia?: MediaFetcher;
}

const PLATFORM = 'matrix';
/** Matrix allows any length of alt text; beyond this it stops being a description. */
const MAX_ALT_CHARS = 1500;
const REDACT_REASON = 'Retracted by the newsroom';

/**
 * Posts into one Matrix room as the access token's user. The first part is an m.text message
 * (plain `body`, escaped HTML `formatted_body`), followed by the article image as an m.image when
 * there is one; later parts form an m.thread under the first.
 * Retry safety: each part's transaction id is written to the ledger before its first attempt and
 * sent on every attempt, so a retry after a lost answer gets the event the homeserver already made
 * (the image event uses the same id with ".image"). The ledger is per post, so the id belongs to
 * that post's part and no other. The token travels only in the Authorization header.
 */
export class MatrixAdapter implements PlatformAdapter {
  readonly platform = PLATFORM;
  readonly account: string;
  private readonly connection: MatrixConnection;
  private readonly roomId: string;
  private readonly fetchMedia?: MediaFetcher;

  constructor(options: MatrixAdapterOptions) {
    this.account = requireText(options.account, 'account', PLATFORM);
    const homeserverUrl = requireHttpUrl(options.credentials?.homeserverUrl, 'credentials.homeserverUrl', PLATFORM);
    const accessToken = requireText(options.credentials.accessToken, 'credentials.accessToken', PLATFORM);
    this.roomId = requireText(options.credentials.roomId, 'credentials.roomId', PLATFORM).trim();
    // An alias (#news:example.org) would need resolving on every start and can be repointed; the id cannot.
    if (!/^![^\s/]+$/.test(this.roomId)) {
      throw new ConfigError(`${PLATFORM} adapter: option credentials.roomId must be a room id (!…), not an alias (#…)`);
    }
    const timeoutMs = optionalTimeout(options.timeoutMs, 'timeoutMs', PLATFORM, DEFAULT_TIMEOUT_MS);
    this.connection = { homeserverUrl, accessToken, timeoutMs };
    this.fetchMedia = options.fetchMedia;
  }

  async post(draft: Draft, ledger: DeliveryLedger, options: PostOptions = {}): Promise<DeliveryResult> {
    if (draft.platform !== PLATFORM) throw new ContentRejectedError(`matrix adapter cannot post a ${draft.platform} draft`);
    return deliverParts(draft, ledger, PLATFORM, (part) => this.deliverPart(draft, part, ledger, options.signal), options.signal);
  }

  /** whoami checks the token, joined_rooms that the account is in the room: neither posts anything. */
  async verifyCredentials(options: { signal?: AbortSignal } = {}): Promise<CredentialCheck> {
    const me = await matrixCall(this.connection, { method: 'GET', path: '_matrix/client/v3/account/whoami', what: 'whoami', partIndex: 0, signal: options.signal });
    const rooms = await matrixCall(this.connection, { method: 'GET', path: '_matrix/client/v3/joined_rooms', what: 'joined_rooms', partIndex: 0, signal: options.signal });
    const joined = Array.isArray(rooms.joined_rooms) && rooms.joined_rooms.includes(this.roomId);
    const identity = typeof me.user_id === 'string' ? me.user_id : undefined;
    if (!joined) {
      throw tag(new AuthError(`matrix: ${identity ?? 'the account'} has not joined room ${this.roomId}; invite it and accept the invite`), { platform: PLATFORM, partIndex: 0 });
    }
    return { verified: true, ...(identity ? { identity } : {}) };
  }

  /**
   * Redacts the part's events (the image first, then the text), each with a transaction id made
   * from the event id, so a repeated delete is one redaction. An event the homeserver does not
   * know (M_NOT_FOUND) is as good as deleted.
   */
  async delete(part: DeliveredPart): Promise<void> {
    const image = part.ref?.imageEventId;
    for (const eventId of [...(typeof image === 'string' ? [image] : []), part.remoteId]) {
      const txnId = `crier.redact.${createHash('sha256').update(eventId).digest('hex').slice(0, 32)}`;
      try {
        await matrixCall(this.connection, {
          method: 'PUT',
          path: roomPath(this.roomId, 'redact', eventId, txnId),
          json: { reason: REDACT_REASON },
          what: 'redact',
          partIndex: part.index,
        });
      } catch (error) {
        // A 404 with a Matrix error (M_NOT_FOUND) is a ContentRejectedError; one without is a wrong homeserver URL, an AuthError.
        if (error instanceof ContentRejectedError && error.status === 404) continue;
        throw error;
      }
    }
  }

  private async deliverPart(draft: Draft, { index, part, previous, root, entry }: PartToSend, ledger: DeliveryLedger, signal?: AbortSignal): Promise<DeliveredPart> {
    let prepared = readMatrixPrepared(entry?.prepared);
    if (prepared.txnId === undefined) {
      const media = index === 0 ? draft.media[0] : undefined;
      // Uploaded before the part is prepared: an upload is harmless to repeat, and the retry then reuses it.
      const uploaded = media && this.fetchMedia ? await uploadImage(this.connection, this.fetchMedia, media, index, signal) : undefined;
      const mine: MatrixPrepared = { txnId: newTxnId(index), attemptedAt: new Date().toISOString(), ...uploaded };
      // The ledger keeps the first prepare; a concurrent attempt's transaction id wins and both send it.
      prepared = readMatrixPrepared(await ledger.prepare(index, writeMatrixPrepared(mine)));
    }
    const txnId = prepared.txnId ?? newTxnId(index);
    const eventId = await this.send(txnId, textContent(part.text, threadRelation(root, previous)), index, signal);

    let imageEventId: string | undefined;
    const media = draft.media[0];
    if (index === 0 && media && prepared.imageUri && prepared.imageType) {
      const image = { uri: prepared.imageUri, type: prepared.imageType, size: Number(prepared.imageSize ?? 0) };
      // Under a correction the image follows its text into the thread; a new post shows it in the room.
      const relation = threadRelation(root, { index, remoteId: eventId });
      try {
        imageEventId = await this.send(`${txnId}.image`, imageContent(altText(media, MAX_ALT_CHARS), image, relation), index, signal);
      } catch (error) {
        // The text is out: an image the homeserver will never take must not hold the part back for ever.
        if (!(error instanceof ContentRejectedError)) throw error;
      }
    }
    return {
      index,
      remoteId: eventId,
      url: `https://matrix.to/#/${encodeURIComponent(this.roomId)}/${encodeURIComponent(eventId)}`,
      ref: { eventId, ...(imageEventId ? { imageEventId } : {}) },
    };
  }

  private async send(txnId: string, content: JsonObject, partIndex: number, signal?: AbortSignal): Promise<string> {
    const answer = await matrixCall(this.connection, {
      method: 'PUT',
      path: roomPath(this.roomId, 'send', 'm.room.message', txnId),
      json: content,
      what: 'send',
      partIndex,
      signal,
    });
    if (typeof answer.event_id !== 'string') {
      // A success without an event id: the retry's transaction id finds the event if one was made.
      throw tag(new TransientError('matrix send answered without an event_id'), { platform: PLATFORM, partIndex });
    }
    return answer.event_id;
  }
}

/** Unique per post and part; kept in the ledger, so every attempt at the part reuses it. */
function newTxnId(index: number): string {
  return `crier.${randomUUID()}.${index}`;
}
