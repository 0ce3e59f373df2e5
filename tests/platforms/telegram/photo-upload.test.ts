import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryLedger } from '../../../src/domain/memory-ledger.js';
import { MediaUnavailableError } from '../../../src/domain/errors/index.js';
import type { MediaFetcher } from '../../../src/platforms/media.js';
import { TelegramAdapter } from '../../../src/platforms/telegram/adapter.js';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram.js';
import { pngBytes } from '../../media/image-host.js';
import { storyDraft } from '../../helpers/builders.js';

const TOKEN = '123456:AAH-photo-bot-token';
let fake: FakeTelegram;
let fetched: string[];

function adapter(fetchMedia: MediaFetcher): TelegramAdapter {
  return new TelegramAdapter({ account: 'default', credentials: { apiUrl: fake.url, botToken: TOKEN, chatId: '@crier_news' }, fetchMedia });
}

beforeEach(async () => {
  fetched = [];
  fake = await startFakeTelegram({ token: TOKEN, chats: { '@crier_news': { id: -1001, username: 'crier_news' } } });
});
afterEach(async () => {
  await fake.close();
});

describe('Telegram photo upload', () => {
  it('uploads the article image itself with sendPhoto, the caption as the first part, and replies under it', async () => {
    const png = await pngBytes();
    const result = await adapter(async (url) => {
      fetched.push(url);
      return { bytes: png, mimeType: 'image/png', url };
    }).post(storyDraft('telegram', ['Beijing backs Islamabad https://example.com/news/beijing-islamabad', 'Part two.']), new MemoryLedger());

    expect(fetched).toEqual(['https://example.com/media/cpec.jpg']);
    expect(fake.sent.map((m) => m.method)).toEqual(['sendPhoto', 'sendMessage']);
    expect(fake.sent[0]?.body).toEqual({
      chat_id: '@crier_news',
      caption: 'Beijing backs Islamabad https://example.com/news/beijing-islamabad',
      photo: { upload: 'image/png', name: 'photo.png' },
    });
    expect(fake.sent[1]?.body.reply_parameters).toEqual({ message_id: fake.sent[0]?.message_id });
    expect(result.parts).toHaveLength(2);
  });

  it('an image that cannot be had sends the first part as a message with the link preview instead', async () => {
    await adapter(async (url) => {
      throw new MediaUnavailableError(url, 'cdn.example.com answered 404');
    }).post(storyDraft('telegram', ['Beijing backs Islamabad https://example.com/news/beijing-islamabad']), new MemoryLedger());
    expect(fake.sent.map((m) => m.method)).toEqual(['sendMessage']);
    expect(fake.sent[0]?.body).toMatchObject({ link_preview_options: { url: 'https://example.com/news/beijing-islamabad' } });
  });
});
