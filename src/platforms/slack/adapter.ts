import { createHash } from 'node:crypto';
import type { SlackCredentials } from './descriptor.js';
import type { DeliveredPart, DeliveryLedger, DeliveryResult, JsonObject } from '../../domain/delivery.js';
import type { Draft } from '../../domain/draft.js';
import { AuthError, ContentRejectedError, RateLimitedError, UnsupportedOperationError, type DeliveryError } from '../../domain/errors/index.js';
import type { CredentialCheck, PlatformAdapter, PostOptions } from '../adapter.js';
import { deliverParts } from '../http/deliver-parts.js';
import { DEFAULT_TIMEOUT_MS, optionalTimeout, requireHttpUrl, requireText } from '../http/options.js';
import { defaultResetAt, parseRetryAfter } from '../http/retry-after.js';
import { sendOnce } from '../http/send-once.js';
import { sendRequest, type HttpResponse } from '../http/send-request.js';
import { errorForStatus, tag } from '../http/status-errors.js';
import { escapeMrkdwn } from './escape-mrkdwn.js';

export interface SlackAdapterOptions {
  account: string;
  credentials: SlackCredentials;
  timeoutMs?: number;
}

const PLATFORM = 'slack';

/** Answers Slack documents for incoming webhooks that mean the webhook or its channel is gone or barred. */
const AUTH_ANSWERS = new Set(['invalid_token', 'no_service', 'no_team', 'team_disabled', 'action_prohibited', 'channel_not_found', 'channel_is_archived', 'posting_to_general_channel_denied']);

/**
 * Posts through a Slack incoming webhook. Incoming webhooks answer only "ok": no message id, no
 * permalink, no way to delete or edit. Each part gets a synthetic id (`slack:<index>:<sha256 of text>`)
 * so the ledger has something to record; `delete` is unsupported.
 * Retry safety: no idempotency key and no read access, so a part whose earlier attempt has an
 * unknown outcome is not re-sent (AmbiguousOutcomeError, see sendOnce).
 * The webhook URL is the secret: it never appears in messages.
 */
export class SlackAdapter implements PlatformAdapter {
  readonly platform = PLATFORM;
  readonly account: string;
  private readonly webhookUrl: URL;
  private readonly timeoutMs: number;

  constructor(options: SlackAdapterOptions) {
    this.account = requireText(options.account, 'account', PLATFORM);
    this.webhookUrl = requireHttpUrl(options.credentials?.webhookUrl, 'credentials.webhookUrl', PLATFORM);
    this.timeoutMs = optionalTimeout(options.timeoutMs, 'timeoutMs', PLATFORM, DEFAULT_TIMEOUT_MS);
  }

  async post(draft: Draft, ledger: DeliveryLedger, options: PostOptions = {}): Promise<DeliveryResult> {
    const image = draft.media[0];
    return deliverParts(draft, ledger, PLATFORM, ({ index, part, entry }) =>
      sendOnce(ledger, entry, index, PLATFORM, async () => {
        const text = escapeMrkdwn(part.text);
        const blocks: JsonObject[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
        if (index === 0 && image) blocks.push({ type: 'image', image_url: image.url, alt_text: image.alt });
        const response = await sendRequest(
          {
            method: 'POST',
            url: this.webhookUrl.toString(),
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ text, blocks }),
            timeoutMs: this.timeoutMs,
            signal: options.signal,
          },
          'slack webhook',
          { platform: PLATFORM, partIndex: index },
        );
        if (response.status !== 200 || response.text.trim() !== 'ok') throw this.error(response, index);
        const digest = createHash('sha256').update(part.text).digest('hex').slice(0, 16);
        return { index, remoteId: `slack:${index}:${digest}` };
      }),
    );
  }

  /** Slack incoming webhooks have no read or dry-run call: the only check is a message, so none is made. */
  async verifyCredentials(): Promise<CredentialCheck> {
    return { verified: false, note: 'a Slack incoming webhook cannot be checked without posting; the first post checks it' };
  }

  async delete(part: DeliveredPart): Promise<void> {
    throw new UnsupportedOperationError(`slack part ${part.index}: incoming webhooks cannot delete messages; remove it in Slack`);
  }

  private error(response: HttpResponse, partIndex: number): DeliveryError {
    const { status } = response;
    // Slack answers a short code in plain text; anything longer is a proxy's page, not worth quoting.
    const answer = /^[a-z_]{1,64}$/.test(response.text.trim()) ? response.text.trim() : `HTTP ${status}`;
    const detail = `slack webhook failed: ${status} ${answer}`;
    const context = { platform: PLATFORM, partIndex, status };
    if (status === 429) {
      return tag(new RateLimitedError(detail, parseRetryAfter(response.headers.get('retry-after')) ?? defaultResetAt()), context);
    }
    if (AUTH_ANSWERS.has(answer) || status === 403 || status === 404 || status === 410) return tag(new AuthError(detail), context);
    if (status >= 500) return errorForStatus(status, detail, context);
    return tag(new ContentRejectedError(detail), context);
  }
}
