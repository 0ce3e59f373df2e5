import type { DiscordCredentials } from './descriptor.js';
import type { DeliveredPart, DeliveryLedger, DeliveryResult, JsonObject } from '../../domain/delivery.js';
import type { Draft } from '../../domain/draft.js';
import { AuthError, RateLimitedError, type DeliveryError } from '../../domain/errors/index.js';
import type { CredentialCheck, PlatformAdapter, PostOptions } from '../adapter.js';
import { deliverParts } from '../http/deliver-parts.js';
import { DEFAULT_TIMEOUT_MS, optionalTimeout, requireHttpUrl, requireText } from '../http/options.js';
import { defaultResetAt, parseRetryAfter } from '../http/retry-after.js';
import { sendOnce } from '../http/send-once.js';
import { parseJson, sendRequest, type HttpResponse } from '../http/send-request.js';
import { errorForStatus, tag } from '../http/status-errors.js';

export interface DiscordAdapterOptions {
  account: string;
  credentials: DiscordCredentials;
  timeoutMs?: number;
}

interface DiscordMessage {
  id: string;
  channel_id?: string;
  guild_id?: string;
}

const PLATFORM = 'discord';

/**
 * Posts through a channel webhook (execute with ?wait=true, so Discord answers with the message).
 * The first part carries an embed with the article's title, description, link and image (Discord
 * embeds have no alt text). Later parts are further messages in the channel: a webhook cannot open a
 * thread in a text channel, and replies are not available to webhooks.
 * Retry safety: webhook execution has no idempotency key and a webhook cannot list the channel, so
 * a part whose earlier attempt has an unknown outcome is not re-sent (AmbiguousOutcomeError, see sendOnce).
 * The webhook URL contains its token: it never appears in messages.
 */
export class DiscordAdapter implements PlatformAdapter {
  readonly platform = PLATFORM;
  readonly account: string;
  private readonly webhookUrl: URL;
  private readonly timeoutMs: number;

  constructor(options: DiscordAdapterOptions) {
    this.account = requireText(options.account, 'account', PLATFORM);
    this.webhookUrl = requireHttpUrl(options.credentials?.webhookUrl, 'credentials.webhookUrl', PLATFORM);
    this.timeoutMs = optionalTimeout(options.timeoutMs, 'timeoutMs', PLATFORM, DEFAULT_TIMEOUT_MS);
  }

  async post(draft: Draft, ledger: DeliveryLedger, options: PostOptions = {}): Promise<DeliveryResult> {
    const image = draft.media[0];
    return deliverParts(draft, ledger, PLATFORM, ({ index, part, entry }) =>
      sendOnce(ledger, entry, index, PLATFORM, async () => {
        const body: JsonObject = {
          content: part.text,
          // Article text must not ping @everyone or roles.
          allowed_mentions: { parse: [] },
        };
        if (index === 0) {
          const embed: JsonObject = { title: draft.link.title, description: draft.link.description, url: draft.link.url };
          if (image) embed.image = { url: image.url };
          body.embeds = [embed];
        }
        const url = new URL(this.webhookUrl);
        url.searchParams.set('wait', 'true');
        const response = await this.send('POST', url, body, index, options.signal);
        const message = parseJson(response.text) as DiscordMessage | undefined;
        if (!message || typeof message.id !== 'string') {
          throw this.error(response, index, 'execute');
        }
        return {
          index,
          remoteId: message.id,
          ...(message.guild_id && message.channel_id
            ? { url: `https://discord.com/channels/${message.guild_id}/${message.channel_id}/${message.id}` }
            : {}),
        };
      }),
    );
  }

  /** GET on the webhook URL answers the webhook's name without posting; 401/404 when its token is wrong or it was deleted. */
  async verifyCredentials(options: { signal?: AbortSignal } = {}): Promise<CredentialCheck> {
    const response = await sendRequest(
      { method: 'GET', url: this.webhookUrl.toString(), timeoutMs: this.timeoutMs, signal: options.signal },
      'discord webhook check',
      { platform: PLATFORM, partIndex: 0 },
    );
    if (response.status >= 200 && response.status < 300) {
      const hook = parseJson(response.text) as { name?: unknown } | undefined;
      return { verified: true, ...(typeof hook?.name === 'string' ? { identity: hook.name } : {}) };
    }
    throw this.error(response, 0, 'check');
  }

  async delete(part: DeliveredPart): Promise<void> {
    const url = new URL(this.webhookUrl);
    url.pathname = `${url.pathname.replace(/\/+$/, '')}/messages/${encodeURIComponent(part.remoteId)}`;
    try {
      await this.send('DELETE', url, undefined, part.index);
    } catch (error) {
      // "Unknown Message" (code 10008): already gone counts as deleted; "Unknown Webhook" stays an error.
      if (error instanceof Error && (error as DeliveryError).status === 404 && /Unknown Message/.test(error.message)) return;
      throw error;
    }
  }

  private async send(method: 'POST' | 'DELETE', url: URL, body: JsonObject | undefined, partIndex: number, signal?: AbortSignal): Promise<HttpResponse> {
    const what = method === 'POST' ? 'execute' : 'delete';
    const response = await sendRequest(
      {
        method,
        url: url.toString(),
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
        timeoutMs: this.timeoutMs,
        signal,
      },
      `discord webhook ${what}`,
      { platform: PLATFORM, partIndex },
    );
    if (response.status >= 200 && response.status < 300) return response;
    throw this.error(response, partIndex, what);
  }

  private error(response: HttpResponse, partIndex: number, what: string): DeliveryError {
    const { status } = response;
    const answer = parseJson(response.text) as { message?: unknown; retry_after?: unknown } | undefined;
    const message = typeof answer?.message === 'string' ? answer.message : `HTTP ${status}`;
    const detail = `discord webhook ${what} failed: ${status} ${message}`;
    const context = { platform: PLATFORM, partIndex, status };
    if (status === 429) {
      const now = new Date();
      const resetAt =
        (typeof answer?.retry_after === 'number' ? new Date(now.getTime() + Math.ceil(answer.retry_after * 1000)) : undefined) ??
        parseRetryAfter(response.headers.get('x-ratelimit-reset-after'), now) ??
        parseRetryAfter(response.headers.get('retry-after'), now) ??
        defaultResetAt(now);
      return tag(new RateLimitedError(detail, resetAt), context);
    }
    // 404 is "Unknown Webhook": the webhook was deleted, which only a configuration change fixes.
    if (status === 404) return tag(new AuthError(detail), context);
    return errorForStatus(status, detail, context);
  }
}
