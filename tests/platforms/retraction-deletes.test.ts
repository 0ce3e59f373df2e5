import { describe, expect, it } from 'vitest';
import { MemoryLedger } from '../../src/domain/memory-ledger.js';
import { AuthError, ContentRejectedError } from '../../src/domain/errors/index.js';
import type { PlatformAdapter } from '../../src/platforms/adapter.js';
import { DiscordAdapter } from '../../src/platforms/discord/adapter.js';
import { LinkedInAdapter } from '../../src/platforms/linkedin/adapter.js';
import { TelegramAdapter } from '../../src/platforms/telegram/adapter.js';
import { ThreadsAdapter } from '../../src/platforms/threads/adapter.js';
import { startFakeDiscord } from '../fakes/discord.js';
import { startFakeLinkedIn } from '../fakes/linkedin.js';
import { startFakeTelegram } from '../fakes/telegram.js';
import { startFakeThreads } from '../fakes/threads.js';
import { storyDraft } from '../helpers/builders.js';

interface Case {
  name: string;
  start(): Promise<{ adapter: PlatformAdapter; deleted: () => unknown[]; close(): Promise<void> }>;
}

// A retraction that resumes after a crash asks again for a part whose delete answer was lost: the
// platform then says the part is gone, and that must count as deleted, not stop the retraction.
const cases: Case[] = [
  {
    name: 'threads',
    async start() {
      const fake = await startFakeThreads({ userId: '4242', token: 'threads-token' });
      const adapter = new ThreadsAdapter({ account: 'default', credentials: { apiUrl: fake.url, userId: '4242', accessToken: 'threads-token' } });
      return { adapter, deleted: () => fake.deleted, close: () => fake.close() };
    },
  },
  {
    name: 'linkedin',
    async start() {
      const fake = await startFakeLinkedIn({ token: 'linkedin-token' });
      const adapter = new LinkedInAdapter({ account: 'default', credentials: { apiUrl: fake.url, accessToken: 'linkedin-token', author: 'urn:li:organization:1' }, linkedinVersion: '202509' });
      return { adapter, deleted: () => fake.deleted, close: () => fake.close() };
    },
  },
  {
    name: 'telegram',
    async start() {
      const fake = await startFakeTelegram({ token: '1:telegram-token', chats: { '@desk': { id: -1001, username: 'desk' } } });
      const adapter = new TelegramAdapter({ account: 'default', credentials: { apiUrl: fake.url, botToken: '1:telegram-token', chatId: '@desk' } });
      return { adapter, deleted: () => fake.deleted, close: () => fake.close() };
    },
  },
  {
    name: 'discord',
    async start() {
      const fake = await startFakeDiscord({ id: '77', token: 'discord-token' });
      const adapter = new DiscordAdapter({ account: 'default', credentials: { webhookUrl: fake.webhookUrl } });
      return { adapter, deleted: () => fake.deleted, close: () => fake.close() };
    },
  },
];

describe.each(cases)('$name delete for retraction', ({ name, start }) => {
  it('deletes a delivered part once; asked again, the part is already gone and that counts as deleted', async () => {
    const { adapter, deleted, close } = await start();
    try {
      const platform = name as 'threads' | 'linkedin' | 'telegram' | 'discord';
      const result = await adapter.post(storyDraft(platform, ['A part that goes out'], false), new MemoryLedger());
      const part = result.parts[0]!;
      await adapter.delete(part);
      await adapter.delete(part);
      expect(deleted()).toHaveLength(1);
    } finally {
      await close();
    }
  });
});

describe('a correction replies where the platform has replies', () => {
  it('telegram: the first part of a correction replies to the message it corrects', async () => {
    const fake = await startFakeTelegram({ token: '1:telegram-token', chats: { '@desk': { id: -1001, username: 'desk' } } });
    try {
      const adapter = new TelegramAdapter({ account: 'default', credentials: { apiUrl: fake.url, botToken: '1:telegram-token', chatId: '@desk' } });
      const original = await adapter.post(storyDraft('telegram', ['The story'], false), new MemoryLedger());
      const first = original.parts[0]!;
      await adapter.post({ ...storyDraft('telegram', ['Correction: the date was wrong.'], false), replyTo: { root: first, parent: first } }, new MemoryLedger());
      expect(fake.sent[1]!.body.reply_parameters).toEqual({ message_id: Number(first.remoteId) });
    } finally {
      await fake.close();
    }
  });

  it('threads: the correction is a reply_to_id reply to the last part that went out', async () => {
    const fake = await startFakeThreads({ userId: '4242', token: 'threads-token' });
    try {
      const adapter = new ThreadsAdapter({ account: 'default', credentials: { apiUrl: fake.url, userId: '4242', accessToken: 'threads-token' } });
      const original = await adapter.post(storyDraft('threads', ['Lead', 'Second'], false), new MemoryLedger());
      await adapter.post({ ...storyDraft('threads', ['Correction: the date was wrong.'], false), replyTo: { root: original.parts[0]!, parent: original.parts[1]! } }, new MemoryLedger());
      expect(fake.published.at(-1)!.params.reply_to_id).toBe(original.parts[1]!.remoteId);
    } finally {
      await fake.close();
    }
  });

  it("a deleted Discord webhook stays an error when deleting, and Telegram's 48-hour limit is reported", async () => {
    const discord = await startFakeDiscord({ id: '77', token: 'discord-token' });
    const telegram = await startFakeTelegram({ token: '1:telegram-token', chats: { '@desk': { id: -1001 } } });
    try {
      const gone = new DiscordAdapter({ account: 'default', credentials: { webhookUrl: discord.webhookUrl.replace('/webhooks/77/', '/webhooks/78/') } });
      await expect(gone.delete({ index: 0, remoteId: '1' })).rejects.toBeInstanceOf(AuthError);
      telegram.faults.add({ kind: 'respond', status: 400, body: { ok: false, error_code: 400, description: "Bad Request: message can't be deleted" } });
      const bot = new TelegramAdapter({ account: 'default', credentials: { apiUrl: telegram.url, botToken: '1:telegram-token', chatId: '@desk' } });
      await expect(bot.delete({ index: 0, remoteId: '5' })).rejects.toBeInstanceOf(ContentRejectedError);
    } finally {
      await discord.close();
      await telegram.close();
    }
  });
});
