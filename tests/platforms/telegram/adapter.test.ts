import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TelegramAdapter } from '../../../src/platforms/telegram/adapter.js';
import { MemoryLedger } from '../../../src/domain/memory-ledger.js';
import {
  AmbiguousOutcomeError,
  AuthError,
  ConfigError,
  ContentRejectedError,
  RateLimitedError,
  TransientError,
} from '../../../src/domain/errors/index.js';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram.js';
import { storyDraft } from '../../helpers/builders.js';
import { expectRejects, rejection } from '../http/expect-error.js';

const TOKEN = '123456:AAH-secret-bot-token';
let fake: FakeTelegram;

function adapter(overrides: { chatId?: string; token?: string; timeoutMs?: number } = {}): TelegramAdapter {
  return new TelegramAdapter({
    account: 'default',
    credentials: { apiUrl: fake.url, botToken: overrides.token ?? TOKEN, chatId: overrides.chatId ?? '@crier_news' },
    timeoutMs: overrides.timeoutMs,
  });
}

beforeEach(async () => {
  fake = await startFakeTelegram({ token: TOKEN, chats: { '@crier_news': { id: -1001, username: 'crier_news' }, '-1002': { id: -1002 } } });
});
afterEach(async () => {
  await fake.close();
});

describe('TelegramAdapter', () => {
  it('sends part 0 as a photo with caption and later parts as a reply chain, in plain text', async () => {
    const ledger = new MemoryLedger();
    const result = await adapter().post(storyDraft('telegram', ['First *part* <b>', 'Second part', 'Third part']), ledger);
    expect(fake.sent.map((m) => [m.method, m.body])).toEqual([
      ['sendPhoto', { chat_id: '@crier_news', photo: 'https://example.com/media/cpec.jpg', caption: 'First *part* <b>' }],
      ['sendMessage', { chat_id: '@crier_news', text: 'Second part', reply_parameters: { message_id: 100 } }],
      ['sendMessage', { chat_id: '@crier_news', text: 'Third part', reply_parameters: { message_id: 101 } }],
    ]);
    expect(result).toEqual({
      platform: 'telegram',
      account: 'default',
      url: 'https://t.me/crier_news/100',
      parts: [
        { index: 0, remoteId: '100', url: 'https://t.me/crier_news/100', ref: { messageId: 100 } },
        { index: 1, remoteId: '101', url: 'https://t.me/crier_news/101', ref: { messageId: 101 } },
        { index: 2, remoteId: '102', url: 'https://t.me/crier_news/102', ref: { messageId: 102 } },
      ],
    });
    expect((await ledger.entries()).get(2)?.delivered?.remoteId).toBe('102');
  });

  it('uses sendMessage with a link preview when part 0 is too long for a caption, and no URL for a numeric chat', async () => {
    const long = 'x'.repeat(1025);
    const result = await adapter({ chatId: '-1002' }).post(storyDraft('telegram', [long]), new MemoryLedger());
    expect(fake.sent).toEqual([
      {
        message_id: 100,
        method: 'sendMessage',
        body: { chat_id: '-1002', text: long, link_preview_options: { url: 'https://example.com/news/beijing-islamabad' } },
      },
    ]);
    expect(result.parts).toEqual([{ index: 0, remoteId: '100', ref: { messageId: 100 } }]);
    expect(result.url).toBeUndefined();
  });

  it('resumes after the last delivered part, replying to it', async () => {
    const ledger = new MemoryLedger();
    await ledger.delivered({ index: 0, remoteId: '77', url: 'https://t.me/crier_news/77', ref: { messageId: 77 } });
    const result = await adapter().post(storyDraft('telegram', ['One', 'Two']), ledger);
    expect(fake.sent.map((m) => m.body)).toEqual([{ chat_id: '@crier_news', text: 'Two', reply_parameters: { message_id: 77 } }]);
    expect(result.parts.map((p) => p.remoteId)).toEqual(['77', '100']);
  });

  it('maps 5xx to TransientError, and a retry then sends the part', async () => {
    fake.faults.add({ kind: 'respond', status: 502, body: { ok: false, error_code: 502, description: 'Bad Gateway' } });
    const ledger = new MemoryLedger();
    const a = adapter();
    await expectRejects(a.post(storyDraft('telegram', ['Hi']), ledger), TransientError, 'telegram sendPhoto failed: 502 Bad Gateway');
    expect(fake.sent).toHaveLength(0);
    await a.post(storyDraft('telegram', ['Hi']), ledger);
    expect(fake.sent).toHaveLength(1);
  });

  it('maps 429 to RateLimitedError at now + retry_after', async () => {
    fake.faults.add({
      kind: 'respond',
      status: 429,
      body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 35', parameters: { retry_after: 35 } },
    });
    const before = Date.now();
    const err = await rejection(adapter().post(storyDraft('telegram', ['Hi']), new MemoryLedger()));
    const after = Date.now();
    expect(err).toBeInstanceOf(RateLimitedError);
    const resetAt = (err as RateLimitedError).resetAt.getTime();
    expect(resetAt).toBeGreaterThanOrEqual(before + 35_000);
    expect(resetAt).toBeLessThanOrEqual(after + 35_000);
  });

  it('maps a wrong token to AuthError without quoting the token', async () => {
    const err = await rejection(adapter({ token: '999:wrong-secret' }).post(storyDraft('telegram', ['Hi']), new MemoryLedger()));
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toBe('telegram sendPhoto failed: 401 Unauthorized');
    expect(err.message).not.toContain('wrong-secret');
  });

  it('maps "chat not found" and "bot was blocked" to AuthError', async () => {
    await expect(adapter({ chatId: '@nowhere' }).post(storyDraft('telegram', ['Hi']), new MemoryLedger())).rejects.toBeInstanceOf(AuthError);
    fake.faults.add({ kind: 'respond', status: 403, body: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' } });
    await expect(adapter().post(storyDraft('telegram', ['Hi']), new MemoryLedger())).rejects.toBeInstanceOf(AuthError);
  });

  it('maps other 400s to ContentRejectedError', async () => {
    fake.faults.add({ kind: 'respond', status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: wrong file identifier/HTTP URL specified' } });
    await expectRejects(
      adapter().post(storyDraft('telegram', ['Hi']), new MemoryLedger()),
      ContentRejectedError,
      'telegram sendPhoto failed: 400 Bad Request: wrong file identifier/HTTP URL specified',
    );
  });

  it('turns a timeout after acceptance into AmbiguousOutcomeError, and refuses to re-send on retry', async () => {
    fake.faults.add({ kind: 'accept-then-hang' }, (req) => req.url.endsWith('/sendMessage'));
    const ledger = new MemoryLedger();
    const a = adapter({ timeoutMs: 200 });
    const draft = storyDraft('telegram', ['One', 'Two']);
    const err = await rejection(a.post(draft, ledger));
    expect(err).toBeInstanceOf(AmbiguousOutcomeError);
    expect(err.message).toBe('telegram sendMessage timed out after 200 ms; the platform may have acted on it');
    expect(err.message).not.toContain(TOKEN);
    const again = await rejection(a.post(draft, ledger));
    expect(again).toBeInstanceOf(AmbiguousOutcomeError);
    expect(again.message).toMatch(/an editor must check the platform before retrying/);
    expect(fake.sent.map((m) => m.body.text ?? m.body.caption)).toEqual(['One', 'Two']);
  });

  it('deletes a delivered message', async () => {
    const result = await adapter().post(storyDraft('telegram', ['One']), new MemoryLedger());
    await adapter().delete(result.parts[0]!);
    expect(fake.deleted).toEqual([100]);
  });

  it('names the bad option in the constructor', () => {
    expect(() => new TelegramAdapter({ account: 'default', credentials: { apiUrl: 'ftp://x', botToken: TOKEN, chatId: '@c' } })).toThrow(
      new ConfigError('telegram adapter: option credentials.apiUrl must be an absolute http(s) URL'),
    );
    expect(() => new TelegramAdapter({ account: 'default', credentials: { apiUrl: fake.url, botToken: '', chatId: '@c' } })).toThrow(
      /option credentials\.botToken/,
    );
  });
});
