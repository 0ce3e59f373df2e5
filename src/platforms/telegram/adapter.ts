import type { TelegramCredentials } from './descriptor.js';
import type { DeliveredPart, DeliveryLedger, DeliveryResult, JsonObject } from '../../domain/delivery.js';
import type { Draft } from '../../domain/draft.js';
import { AuthError, ContentRejectedError, RateLimitedError, type DeliveryError } from '../../domain/errors/index.js';
import type { CredentialCheck, PlatformAdapter, PostOptions } from '../adapter.js';
import { utf16Length } from '../counting.js';
import { deliverParts } from '../http/deliver-parts.js';
import { DEFAULT_TIMEOUT_MS, optionalTimeout, requireHttpUrl, requireText } from '../http/options.js';
import { defaultResetAt } from '../http/retry-after.js';
import { sendOnce } from '../http/send-once.js';
import { parseJson, sendRequest } from '../http/send-request.js';
import { errorForStatus, tag } from '../http/status-errors.js';
import type { FittedImage, ImageRules } from '../../media/fit-image.js';
import { extensionFor, imageForPlatform } from '../fetch-image.js';
import type { MediaFetcher } from '../media.js';
import { telegramProfile } from './limits.js';

export interface TelegramAdapterOptions {
  account: string;
  credentials: TelegramCredentials;
  timeoutMs?: number;
  /**
   * When given, the article image is uploaded with sendPhoto (the article's own bytes, fetched once)
   * instead of handing Telegram its URL, which a CDN that blocks hotlinking would refuse Telegram.
   */
  fetchMedia?: MediaFetcher;
}

interface TelegramMessage {
  message_id: number;
  chat?: { id?: number; username?: string };
}

interface TelegramAnswer {
  ok: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

const PLATFORM = 'telegram';
/** sendPhoto takes photos up to 10 MB; other types (GIF is an animation there) are re-encoded. */
const PHOTO_RULES: ImageRules = { maxBytes: 10 * 1024 * 1024, types: ['image/jpeg', 'image/png', 'image/webp'] };

/**
 * Posts to one chat through the Bot API. Text goes out plain (no parse_mode), so nothing needs escaping.
 * Retry safety: the Bot API has no idempotency key and a bot cannot read back a chat's history, so a
 * part whose earlier attempt has an unknown outcome is not re-sent (AmbiguousOutcomeError, see sendOnce).
 */
export class TelegramAdapter implements PlatformAdapter {
  readonly platform = PLATFORM;
  readonly account: string;
  private readonly apiUrl: URL;
  private readonly botToken: string;
  private readonly chatId: string;
  private readonly timeoutMs: number;
  private readonly fetchMedia?: MediaFetcher;

  constructor(options: TelegramAdapterOptions) {
    this.account = requireText(options.account, 'account', PLATFORM);
    this.apiUrl = requireHttpUrl(options.credentials?.apiUrl, 'credentials.apiUrl', PLATFORM);
    this.botToken = requireText(options.credentials.botToken, 'credentials.botToken', PLATFORM);
    this.chatId = requireText(options.credentials.chatId, 'credentials.chatId', PLATFORM);
    this.timeoutMs = optionalTimeout(options.timeoutMs, 'timeoutMs', PLATFORM, DEFAULT_TIMEOUT_MS);
    this.fetchMedia = options.fetchMedia;
  }

  async post(draft: Draft, ledger: DeliveryLedger, options: PostOptions = {}): Promise<DeliveryResult> {
    const image = draft.media[0];
    const captionLimit = telegramProfile.captionLimit ?? 1024;
    return deliverParts(draft, ledger, PLATFORM, async ({ index, part, previous, entry }) => {
      const asPhoto = index === 0 && image !== undefined && utf16Length(part.text) <= captionLimit;
      // Fetched before the part is marked in flight: fetching is harmless to repeat, sending is not.
      const photo = asPhoto && this.fetchMedia ? await imageForPlatform(this.fetchMedia, image, PHOTO_RULES) : undefined;
      return sendOnce(ledger, entry, index, PLATFORM, async () => {
        const reply: JsonObject = previous ? { reply_parameters: { message_id: Number(previous.remoteId) } } : {};
        const caption = { chat_id: this.chatId, caption: part.text, ...reply };
        const message = photo?.ok
          ? await this.call('sendPhoto', caption, index, options.signal, photo.image)
          : asPhoto && !photo
          ? await this.call('sendPhoto', { ...caption, photo: image.url }, index, options.signal)
          : await this.call(
              'sendMessage',
              {
                chat_id: this.chatId,
                text: part.text,
                ...(index === 0 ? { link_preview_options: { url: draft.link.url } } : {}),
                ...reply,
              },
              index,
              options.signal,
            );
        return this.delivered(index, message as TelegramMessage);
      });
    });
  }

  /** getMe checks the bot token; the chat is checked by the first post (a bot cannot read a channel without posting). */
  async verifyCredentials(options: { signal?: AbortSignal } = {}): Promise<CredentialCheck> {
    const me = (await this.call('getMe', {}, 0, options.signal)) as { username?: unknown };
    return { verified: true, ...(typeof me.username === 'string' ? { identity: `@${me.username}` } : {}), note: 'chat access is checked by the first post' };
  }

  /**
   * Already gone ("message to delete not found") counts as deleted. Bots can delete their messages
   * for 48 hours only; after that Telegram answers "message can't be deleted", which stays an error.
   */
  async delete(part: DeliveredPart): Promise<void> {
    try {
      await this.call('deleteMessage', { chat_id: this.chatId, message_id: Number(part.remoteId) }, part.index);
    } catch (error) {
      if (error instanceof Error && /message to delete not found/i.test(error.message)) return;
      throw error;
    }
  }

  private delivered(index: number, message: TelegramMessage): DeliveredPart {
    const username = this.chatId.startsWith('@') ? this.chatId.slice(1) : message.chat?.username;
    return {
      index,
      remoteId: String(message.message_id),
      ...(username ? { url: `https://t.me/${username}/${message.message_id}` } : {}),
      ref: { messageId: message.message_id },
    };
  }

  private async call(method: string, body: JsonObject, partIndex: number, signal?: AbortSignal, photo?: FittedImage): Promise<unknown> {
    const context = { platform: PLATFORM, partIndex };
    // The token is part of the path; sendRequest never quotes the URL, and neither do the errors below.
    const response = await sendRequest(
      {
        method: 'POST',
        url: `${String(this.apiUrl).replace(/\/+$/, '')}/bot${this.botToken}/${method}`,
        ...(photo ? { body: multipart(body, photo) } : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
        timeoutMs: this.timeoutMs,
        signal,
      },
      `telegram ${method}`,
      context,
    );
    const answer = parseJson(response.text) as TelegramAnswer | undefined;
    if (response.status === 200 && answer?.ok === true && answer.result !== undefined) return answer.result;
    throw this.error(method, response.status, answer, partIndex);
  }

  private error(method: string, httpStatus: number, answer: TelegramAnswer | undefined, partIndex: number): DeliveryError {
    const status = answer?.error_code ?? httpStatus;
    const description = (answer?.description ?? `HTTP ${httpStatus}`).replaceAll(this.botToken, '<token>');
    const detail = `telegram ${method} failed: ${status} ${description}`;
    const context = { platform: PLATFORM, partIndex, status };
    if (status === 429) {
      const wait = answer?.parameters?.retry_after;
      const resetAt = typeof wait === 'number' ? new Date(Date.now() + wait * 1000) : defaultResetAt();
      return tag(new RateLimitedError(detail, resetAt), context);
    }
    // "chat not found" comes as a 400 but means the configured chat is wrong, not the content.
    if (status === 401 || status === 403 || status === 404 || /chat not found|bot was blocked|bot was kicked/i.test(description)) {
      return tag(new AuthError(detail), context);
    }
    if (status === 400) return tag(new ContentRejectedError(detail), context);
    return errorForStatus(status, detail, context);
  }
}

/** The Bot API's file upload: multipart/form-data, objects as JSON strings, the photo as a file part. */
function multipart(fields: JsonObject, photo: FittedImage): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  form.set('photo', new Blob([photo.bytes], { type: photo.mimeType }), `photo.${extensionFor(photo.mimeType)}`);
  return form;
}
