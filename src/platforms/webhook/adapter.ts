import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { WebhookTargetCredentials } from './descriptor.js';
import type { DeliveredPart, DeliveryLedger, DeliveryResult, JsonObject } from '../../domain/delivery.js';
import type { Draft } from '../../domain/draft.js';
import { AuthError, ConfigError, RateLimitedError, UnsupportedOperationError, type DeliveryError } from '../../domain/errors/index.js';
import type { CredentialCheck, PlatformAdapter, PostOptions } from '../adapter.js';
import { DEFAULT_TIMEOUT_MS, optionalTimeout, requireHttpUrl, requireText } from '../http/options.js';
import { defaultResetAt, parseRetryAfter } from '../http/retry-after.js';
import { sendRequest, type HttpResponse } from '../http/send-request.js';
import { errorForStatus, tag } from '../http/status-errors.js';
import { webhookPayload } from './payload.js';

export interface WebhookAdapterOptions {
  account: string;
  credentials: WebhookTargetCredentials;
  timeoutMs?: number;
  /** The clock used for webhook-timestamp; tests pin it. */
  now?: () => Date;
}

const PLATFORM = 'webhook';

interface Prepared {
  webhookId: string;
  preparedAt: string;
}

/**
 * Sends the whole post (every part) as one signed Standard Webhooks message. The message id is
 * stored in the ledger before the first attempt and reused on every retry; receivers deduplicate
 * on webhook-id (as the spec asks of them), so re-sending after an unknown outcome is safe. That is
 * why this adapter, unlike Telegram or Slack, retries a prepared-but-undelivered post.
 * Each attempt is signed afresh with its own webhook-timestamp, as the spec's retries are.
 */
export class WebhookAdapter implements PlatformAdapter {
  readonly platform = PLATFORM;
  readonly account: string;
  private readonly url: URL;
  private readonly signer: Webhook;
  private readonly timeoutMs: number;
  private readonly now: () => Date;

  constructor(options: WebhookAdapterOptions) {
    this.account = requireText(options.account, 'account', PLATFORM);
    this.url = requireHttpUrl(options.credentials?.url, 'credentials.url', PLATFORM);
    const secret = requireText(options.credentials.secret, 'credentials.secret', PLATFORM);
    try {
      this.signer = new Webhook(secret);
    } catch {
      throw new ConfigError(`${PLATFORM} adapter: option credentials.secret must look like whsec_<base64 key>`);
    }
    this.timeoutMs = optionalTimeout(options.timeoutMs, 'timeoutMs', PLATFORM, DEFAULT_TIMEOUT_MS);
    this.now = options.now ?? (() => new Date());
  }

  async post(draft: Draft, ledger: DeliveryLedger, options: PostOptions = {}): Promise<DeliveryResult> {
    const entry = (await ledger.entries()).get(0);
    if (entry?.delivered) return { platform: PLATFORM, account: draft.account, parts: [entry.delivered] };

    const fresh: JsonObject = { webhookId: `msg_${randomUUID()}`, preparedAt: this.now().toISOString() };
    const stored = readPrepared(entry?.prepared) ?? readPrepared(await ledger.prepare(0, fresh)) ?? readPrepared(fresh);
    const { webhookId, preparedAt } = stored as Prepared;

    const body = JSON.stringify(webhookPayload(draft, preparedAt));
    const timestamp = this.now();
    const response = await sendRequest(
      {
        method: 'POST',
        url: this.url.toString(),
        headers: {
          'content-type': 'application/json',
          'webhook-id': webhookId,
          'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
          'webhook-signature': this.signer.sign(webhookId, timestamp, body),
        },
        body,
        timeoutMs: this.timeoutMs,
        signal: options.signal,
      },
      `webhook delivery to ${this.url.host}`,
      { platform: PLATFORM, partIndex: 0 },
    );
    if (response.status < 200 || response.status >= 300) throw this.error(response);
    const part: DeliveredPart = { index: 0, remoteId: webhookId };
    await ledger.delivered(part);
    return { platform: PLATFORM, account: draft.account, parts: [part] };
  }

  /** A generic receiver has no agreed read-only call, so none is made. */
  async verifyCredentials(): Promise<CredentialCheck> {
    return { verified: false, note: 'a webhook target cannot be checked without posting; the first post checks it' };
  }

  async delete(part: DeliveredPart): Promise<void> {
    throw new UnsupportedOperationError(`webhook part ${part.index}: a generic webhook target has no delete call`);
  }

  private error(response: HttpResponse): DeliveryError {
    const { status } = response;
    const detail = `webhook delivery to ${this.url.host} failed: HTTP ${status}`;
    const context = { platform: PLATFORM, partIndex: 0, status };
    if (status === 429) {
      return tag(new RateLimitedError(detail, parseRetryAfter(response.headers.get('retry-after')) ?? defaultResetAt()), context);
    }
    // 410 Gone: the receiver retired this endpoint (the spec's signal to stop sending). Nothing about
    // the post is wrong; the configuration is, so it is permanent the way a refused credential is.
    if (status === 410) return tag(new AuthError(`${detail} (endpoint gone)`), context);
    return errorForStatus(status, detail, context);
  }
}

function readPrepared(data: JsonObject | undefined): Prepared | undefined {
  if (data && typeof data.webhookId === 'string' && typeof data.preparedAt === 'string') {
    return { webhookId: data.webhookId, preparedAt: data.preparedAt };
  }
  return undefined;
}
