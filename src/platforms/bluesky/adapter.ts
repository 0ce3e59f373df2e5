import { AtUri, type BlobRef } from '@atproto/api';
import { TID } from '@atproto/common-web';
import type { DeliveredPart, DeliveryLedger, DeliveryResult, JsonObject } from '../../domain/delivery.js';
import type { Draft } from '../../domain/draft.js';
import { ContentRejectedError, DeliveryError } from '../../domain/errors/index.js';
import { deliverParts } from '../http/deliver-parts.js';
import type { CredentialCheck, PlatformAdapter, PostOptions } from '../adapter.js';
import { detectFacets } from './facets.js';
import { buildLinkCardEmbed } from './link-card.js';
import { validateOptions, type BlueskyAdapterOptions } from './options.js';
import { preparedFromJson, preparedToJson, type PreparedPost } from './prepared.js';
import { buildPostRecord, POST_COLLECTION, type StrongRef } from './record.js';
import { BlueskySession } from './session.js';
import { MemorySessionStore } from './session-store.js';

const DEFAULT_WEB_URL = 'https://bsky.app';
const DEFAULT_TIMEOUT_MS = 30_000;

function refOf(part: DeliveredPart): StrongRef {
  const uri = part.ref?.uri;
  const cid = part.ref?.cid;
  if (typeof uri !== 'string' || typeof cid !== 'string') {
    const error = new DeliveryError(`Bluesky: ledger part ${part.index} is delivered but has no uri+cid to reply to`);
    error.platform = 'bluesky';
    error.partIndex = part.index;
    throw error;
  }
  return { uri, cid };
}

/**
 * Posts a Draft to one Bluesky account as a thread, part by part through the delivery ledger.
 * Each part's record and TID record key are stored before its first attempt and written with
 * putRecord, so a retry of any part, even one whose outcome was lost, cannot post it twice.
 */
export class BlueskyAdapter implements PlatformAdapter {
  readonly platform = 'bluesky' as const;
  readonly account: string;
  private readonly session: BlueskySession;
  private readonly webUrl: string;

  constructor(private readonly options: BlueskyAdapterOptions) {
    validateOptions(options);
    this.account = options.account;
    this.webUrl = (options.webUrl ?? DEFAULT_WEB_URL).replace(/\/+$/, '');
    this.session = new BlueskySession({
      service: options.credentials.service,
      identifier: options.credentials.identifier,
      appPassword: options.credentials.appPassword,
      store: options.sessionStore ?? new MemorySessionStore(),
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      onWarning: options.onWarning,
    });
  }

  async post(draft: Draft, ledger: DeliveryLedger, options: PostOptions = {}): Promise<DeliveryResult> {
    if (draft.parts.length === 0) {
      const error = new ContentRejectedError('Bluesky: the draft has no parts');
      error.platform = 'bluesky';
      throw error;
    }
    return deliverParts(draft, ledger, 'bluesky', async ({ index, entry, previous, root }) => {
      // Replies name the thread's root and the part before (a correction: the thread it corrects).
      const reply = previous && root ? { root: refOf(root), parent: refOf(previous) } : undefined;
      const prepared = entry?.prepared ? this.restore(entry.prepared, index) : await this.prepare(draft, index, ledger, reply, options);
      return this.write(prepared, index, options);
    });
  }

  /** Logs in (or resumes the stored session): a wrong app password is refused here, once per start. */
  async verifyCredentials(): Promise<CredentialCheck> {
    const { did } = await this.sessionOrThrow(0);
    return { verified: true, identity: did };
  }

  async delete(part: DeliveredPart): Promise<void> {
    const uri = new AtUri(part.remoteId);
    const { did } = await this.sessionOrThrow(part.index);
    if (uri.collection !== POST_COLLECTION || uri.host !== did) {
      const error = new ContentRejectedError(`Bluesky: ${part.remoteId} is not a post of this account`);
      error.platform = 'bluesky';
      error.partIndex = part.index;
      throw error;
    }
    await this.session.call({ action: `deleteRecord part ${part.index}`, write: true, partIndex: part.index }, (agent) =>
      agent.com.atproto.repo.deleteRecord({ repo: did, collection: POST_COLLECTION, rkey: uri.rkey }),
    );
  }

  async close(): Promise<void> {
    // No logout: the stored session stays valid for the next process, which spares a createSession.
    await this.session.flush();
  }

  /**
   * Builds the whole record (thumbnail uploaded, createdAt fixed), records it before any attempt and
   * returns what the ledger holds, which is what must be written.
   */
  private async prepare(
    draft: Draft,
    index: number,
    ledger: DeliveryLedger,
    reply: { root: StrongRef; parent: StrongRef } | undefined,
    options: PostOptions,
  ): Promise<PreparedPost> {
    const text = draft.parts[index]!.text;
    const facets = await this.session.call({ action: `detect facets part ${index}`, write: false, partIndex: index }, (agent) =>
      detectFacets(text, agent, draft.link),
    );
    const embed =
      index === 0 && draft.link.url
        ? await buildLinkCardEmbed(draft.link, {
            fetchMedia: this.options.fetchMedia,
            uploadBlob: (bytes, mimeType) => this.uploadBlob(bytes, mimeType, index, options),
            onWarning: this.options.onWarning,
          })
        : undefined;
    const record = buildPostRecord({
      text,
      createdAt: new Date().toISOString(),
      language: draft.language,
      facets,
      reply,
      embed,
    });
    const mine: PreparedPost = { rkey: TID.nextStr(), record };
    // Another attempt may have prepared this part first (a stalled job taken over while it still
    // runs): writing its rkey and record, not ours, makes the two putRecords one post.
    const stored = await ledger.prepare(index, preparedToJson(mine));
    return this.restore(stored, index);
  }

  private restore(data: JsonObject, index: number): PreparedPost {
    try {
      return preparedFromJson(data);
    } catch (cause) {
      const error = new DeliveryError(`Bluesky: ledger part ${index}: ${cause instanceof Error ? cause.message : String(cause)}`);
      error.platform = 'bluesky';
      error.partIndex = index;
      throw error;
    }
  }

  private async write(prepared: PreparedPost, index: number, options: PostOptions): Promise<DeliveredPart> {
    const { did } = await this.sessionOrThrow(index);
    const res = await this.session.call({ action: `putRecord part ${index}`, write: true, partIndex: index }, (agent) =>
      agent.com.atproto.repo.putRecord(
        { repo: did, collection: POST_COLLECTION, rkey: prepared.rkey, record: prepared.record },
        { signal: options.signal },
      ),
    );
    const { uri, cid } = res.data;
    return {
      index,
      remoteId: uri,
      // The DID, not the handle: handles change, and this URL is kept on the post record.
      url: `${this.webUrl}/profile/${did}/post/${prepared.rkey}`,
      ref: { uri, cid },
    };
  }

  private async uploadBlob(bytes: Uint8Array, mimeType: string, index: number, options: PostOptions): Promise<BlobRef> {
    const res = await this.session.call({ action: `uploadBlob part ${index}`, write: false, partIndex: index }, (agent) =>
      agent.uploadBlob(bytes, { encoding: mimeType, signal: options.signal }),
    );
    return res.data.blob;
  }

  private sessionOrThrow(index: number): Promise<{ did: string }> {
    return this.session.call({ action: 'login', write: false, partIndex: index }, async (agent) => {
      const did = agent.session?.did;
      if (!did) throw new Error('no session after login');
      return { did };
    });
  }
}

export function createBlueskyAdapter(options: BlueskyAdapterOptions): BlueskyAdapter {
  return new BlueskyAdapter(options);
}
