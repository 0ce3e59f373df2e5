import { TwitterApi, type SendTweetV2Params } from 'twitter-api-v2';
import type { DeliveredPart, DeliveryLedger, DeliveryResult, LedgerEntry } from '../../domain/delivery.js';
import type { Draft, MediaRef } from '../../domain/draft.js';
import { AuthError, ContentRejectedError, DuplicatePostError } from '../../domain/errors/index.js';
import { deliverParts } from '../http/deliver-parts.js';
import type { CredentialCheck, PlatformAdapter, PostOptions } from '../adapter.js';
import type { Agent } from 'node:http';
import { baseUrlPlugin } from './base-url-plugin.js';
import { mapXError, xRefusedForSure } from './errors.js';
import { findOwnTweet } from './find-own-tweet.js';
import { agentFor } from './http-agent.js';
import { validateXOptions, type ValidXAdapterOptions, type XAdapterOptions } from './options.js';
import { readXPrepared, writeXPrepared } from './prepared.js';
import { timeoutPlugin } from './timeout-plugin.js';
import { uploadImage } from './upload-image.js';

export type { XAdapterOptions } from './options.js';

interface XIdentity {
  id: string;
  username: string;
}

/**
 * Posts a Draft to one X account as a reply chain, through the delivery ledger. X offers no
 * idempotency key, so a part that may have been sent before (prepared, not delivered) is first
 * looked for in the account's own timeline and only sent when it is not there.
 */
export class XAdapter implements PlatformAdapter {
  readonly platform = 'x' as const;
  readonly account: string;
  private readonly options: ValidXAdapterOptions;
  private readonly client: TwitterApi;
  private readonly agent: Agent;
  private identity?: Promise<XIdentity>;

  constructor(options: XAdapterOptions) {
    this.options = validateXOptions(options);
    this.account = this.options.account;
    const { apiKey, apiSecret, accessToken, accessSecret, apiUrl } = this.options.credentials;
    this.agent = agentFor(apiUrl);
    this.client = new TwitterApi(
      { appKey: apiKey, appSecret: apiSecret, accessToken, accessSecret },
      { httpAgent: this.agent, plugins: [baseUrlPlugin(apiUrl), timeoutPlugin(this.options.timeoutMs)] },
    );
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }

  async post(draft: Draft, ledger: DeliveryLedger, options: PostOptions = {}): Promise<DeliveryResult> {
    if (draft.platform !== 'x') throw new ContentRejectedError(`x adapter cannot post a ${draft.platform} draft`);
    const username = await this.usernameIfKnown();
    return deliverParts(
      draft,
      ledger,
      'x',
      ({ index, entry, earlier, previous }) => this.deliverPart(draft, index, entry, earlier, previous, ledger, username),
      options.signal,
    );
  }

  /** GET /2/users/me: the call every post makes first anyway, so a refused token shows before any post. */
  async verifyCredentials(): Promise<CredentialCheck> {
    try {
      const me = await this.me();
      return { verified: true, identity: `@${me.username}` };
    } catch (error) {
      throw mapXError(error, { mutating: false });
    }
  }

  async delete(part: DeliveredPart): Promise<void> {
    try {
      await this.client.v2.deleteTweet(part.remoteId);
    } catch (error) {
      throw mapXError(error, { mutating: false, partIndex: part.index });
    }
  }

  private async deliverPart(
    draft: Draft,
    index: number,
    entry: LedgerEntry | undefined,
    earlier: readonly DeliveredPart[],
    previous: DeliveredPart | undefined,
    ledger: DeliveryLedger,
    username: string | undefined,
  ): Promise<DeliveredPart> {
    const text = draft.parts[index]?.text ?? '';
    const replyTo = previous?.remoteId;
    // Tweets earlier parts of this post already are cannot be this part (reconciliation skips them).
    const claimed = new Set(earlier.map((p) => p.remoteId));
    const image = index === 0 ? draft.media[0] : undefined;
    // The ledger walk records the part the moment this returns.
    const record = async (remoteId: string): Promise<DeliveredPart> => ({ index, remoteId, url: tweetUrl(remoteId, username) });

    let prepared = readXPrepared(entry?.prepared);
    let mayHaveBeenSent = entry?.prepared !== undefined;
    if (!mayHaveBeenSent) {
      const mine = { text, attemptedAt: new Date().toISOString(), mediaId: image ? await this.upload(image, index) : undefined };
      const stored = readXPrepared(await ledger.prepare(index, writeXPrepared(mine)));
      // The ledger keeps the first prepare: if another attempt got there first, it may have posted.
      mayHaveBeenSent = stored.attemptedAt !== mine.attemptedAt;
      prepared = stored;
    }
    const attemptedAt = prepared.attemptedAt ?? new Date().toISOString();

    if (mayHaveBeenSent) {
      const found = await this.reconcile(prepared.text ?? text, replyTo, attemptedAt, claimed, index);
      if (found) return record(found);
    }

    const mediaId = prepared.mediaId ?? (image ? await this.upload(image, index) : undefined);
    const payload: SendTweetV2Params = { text };
    if (mediaId !== undefined) payload.media = { media_ids: [mediaId] };
    if (replyTo !== undefined) payload.reply = { in_reply_to_tweet_id: replyTo };
    try {
      const result = await this.client.v2.tweet(payload);
      return await record(result.data.id);
    } catch (error) {
      const mapped = mapXError(error, { mutating: true, partIndex: index });
      if (mapped instanceof DuplicatePostError) {
        // X refuses identical text: usually our own earlier attempt that the timeline did not show yet.
        const found = await this.reconcile(text, replyTo, attemptedAt, claimed, index);
        if (found) return record(found);
        throw mapped;
      }
      // Nothing was posted, so the next attempt can skip reconciling. Part 0 keeps its entry,
      // which holds the uploaded image: one timeline read is cheaper than uploading again.
      if (xRefusedForSure(error) && prepared.mediaId === undefined) await ledger.release(index);
      throw mapped;
    }
  }

  private async upload(image: MediaRef, partIndex: number): Promise<string | undefined> {
    try {
      return await uploadImage(this.client, this.options.fetchMedia, image);
    } catch (error) {
      throw mapXError(error, { mutating: false, partIndex });
    }
  }

  private async reconcile(
    text: string,
    inReplyTo: string | undefined,
    attemptedAt: string,
    exclude: ReadonlySet<string>,
    partIndex: number,
  ): Promise<string | undefined> {
    try {
      const me = await this.me();
      const attempted = Date.parse(attemptedAt);
      const since = new Date((Number.isNaN(attempted) ? Date.now() : attempted) - this.options.recentLookbackMinutes * 60_000);
      return await findOwnTweet(this.client, { userId: me.id, text, inReplyTo, since, exclude });
    } catch (error) {
      throw mapXError(error, { mutating: false, partIndex });
    }
  }

  /** GET /2/users/me once per adapter: the id for reconciliation, the username for URLs. */
  private me(): Promise<XIdentity> {
    this.identity ??= this.client.v2.me().then(
      (result) => ({ id: result.data.id, username: result.data.username }),
      (error: unknown) => {
        this.identity = undefined;
        throw error;
      },
    );
    return this.identity;
  }

  /** The username makes nicer URLs but is not worth failing a post over, except for bad credentials. */
  private async usernameIfKnown(): Promise<string | undefined> {
    try {
      return (await this.me()).username;
    } catch (error) {
      const mapped = mapXError(error, { mutating: false });
      if (mapped instanceof AuthError) throw mapped;
      return undefined;
    }
  }
}

function tweetUrl(id: string, username: string | undefined): string {
  return username ? `https://x.com/${encodeURIComponent(username)}/status/${id}` : `https://x.com/i/web/status/${id}`;
}
