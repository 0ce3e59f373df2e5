import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError } from '../../../src/domain/errors/index.js';
import { TelegramAdapter } from '../../../src/platforms/telegram/adapter.js';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram.js';
import { expectRejects } from '../http/expect-error.js';

const TOKEN = '123456:AAH-verify-bot-token';
let fake: FakeTelegram;

function adapter(token = TOKEN): TelegramAdapter {
  return new TelegramAdapter({ account: 'default', credentials: { apiUrl: fake.url, botToken: token, chatId: '@crier_news' } });
}

beforeEach(async () => {
  fake = await startFakeTelegram({ token: TOKEN, chats: { '@crier_news': { id: -1001, username: 'crier_news' } } });
});
afterEach(async () => {
  await fake.close();
});

describe('Telegram verifyCredentials', () => {
  it('calls getMe and names the bot, sending no message', async () => {
    const check = await adapter().verifyCredentials();
    expect(check).toMatchObject({ verified: true, identity: '@crier_bot' });
    expect(fake.server.requests.map((r) => r.url.replace(TOKEN, '<token>'))).toEqual(['/bot<token>/getMe']);
    expect(fake.sent).toHaveLength(0);
  });

  it('a wrong bot token is an AuthError that does not quote it', async () => {
    const error = await expectRejects(adapter('999:wrong-bot-token').verifyCredentials(), AuthError);
    expect(error.message).not.toContain('wrong-bot-token');
  });
});
