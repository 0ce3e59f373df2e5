import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiscordAdapter } from '../../../src/platforms/discord/adapter.js';
import { MemoryLedger } from '../../../src/domain/memory-ledger.js';
import { AmbiguousOutcomeError, AuthError, ContentRejectedError, RateLimitedError, TransientError } from '../../../src/domain/errors/index.js';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord.js';
import { storyDraft } from '../../helpers/builders.js';
import { expectRejects } from '../http/expect-error.js';

const WEBHOOK_TOKEN = 'dIsCoRd-webhook-secret-token';
let fake: FakeDiscord;

function adapter(webhookUrl = fake.webhookUrl, timeoutMs?: number): DiscordAdapter {
  return new DiscordAdapter({ account: 'default', credentials: { webhookUrl }, timeoutMs });
}

beforeEach(async () => {
  fake = await startFakeDiscord({ id: '1200', token: WEBHOOK_TOKEN, guildId: '900' });
});
afterEach(async () => {
  await fake.close();
});

describe('DiscordAdapter', () => {
  it('executes with wait=true: content + one embed on the first part, plain content after', async () => {
    const ledger = new MemoryLedger();
    const result = await adapter().post(storyDraft('discord', ['First @everyone', 'Second']), ledger);
    expect(fake.sent).toEqual([
      {
        id: '1300000000000000000',
        query: 'wait=true',
        body: {
          content: 'First @everyone',
          allowed_mentions: { parse: [] },
          embeds: [
            {
              title: 'Beijing Backs Islamabad’s Plan',
              description: 'China pledges support for the corridor.',
              url: 'https://example.com/news/beijing-islamabad',
              image: { url: 'https://example.com/media/cpec.jpg' },
            },
          ],
        },
      },
      { id: '1300000000000000001', query: 'wait=true', body: { content: 'Second', allowed_mentions: { parse: [] } } },
    ]);
    expect(result).toEqual({
      platform: 'discord',
      account: 'default',
      url: 'https://discord.com/channels/900/1100000000000000001/1300000000000000000',
      parts: [
        { index: 0, remoteId: '1300000000000000000', url: 'https://discord.com/channels/900/1100000000000000001/1300000000000000000' },
        { index: 1, remoteId: '1300000000000000001', url: 'https://discord.com/channels/900/1100000000000000001/1300000000000000001' },
      ],
    });
  });

  it('resumes after a delivered part', async () => {
    const ledger = new MemoryLedger();
    await ledger.delivered({ index: 0, remoteId: '55' });
    const result = await adapter().post(storyDraft('discord', ['First', 'Second']), ledger);
    expect(fake.sent.map((m) => m.body.content)).toEqual(['Second']);
    expect(result.parts.map((p) => p.remoteId)).toEqual(['55', '1300000000000000000']);
  });

  it('maps 429 to RateLimitedError from the body retry_after (float seconds)', async () => {
    fake.faults.add({
      kind: 'respond',
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: 1.5, global: false },
      headers: { 'x-ratelimit-reset-after': '9', 'retry-after': '9' },
    });
    const before = Date.now();
    const err = await expectRejects(adapter().post(storyDraft('discord', ['Hi']), new MemoryLedger()), RateLimitedError);
    const resetAt = (err as RateLimitedError).resetAt.getTime();
    expect(resetAt).toBeGreaterThanOrEqual(before + 1500);
    expect(resetAt).toBeLessThanOrEqual(Date.now() + 1500);
  });

  it('falls back to X-RateLimit-Reset-After when the body has no retry_after', async () => {
    fake.faults.add({ kind: 'respond', status: 429, body: 'slow down', headers: { 'x-ratelimit-reset-after': '4.25' } });
    const before = Date.now();
    const err = await expectRejects(adapter().post(storyDraft('discord', ['Hi']), new MemoryLedger()), RateLimitedError);
    const resetAt = (err as RateLimitedError).resetAt.getTime();
    expect(resetAt).toBeGreaterThanOrEqual(before + 4250);
    expect(resetAt).toBeLessThanOrEqual(Date.now() + 4250);
  });

  it('maps 5xx to TransientError and lets a retry send the part', async () => {
    fake.faults.add({ kind: 'respond', status: 503, body: { message: 'upstream' } });
    const ledger = new MemoryLedger();
    await expectRejects(adapter().post(storyDraft('discord', ['Hi']), ledger), TransientError, 'discord webhook execute failed: 503 upstream');
    await adapter().post(storyDraft('discord', ['Hi']), ledger);
    expect(fake.sent).toHaveLength(1);
  });

  it('maps a wrong token (401) and a deleted webhook (404) to AuthError, never quoting the URL', async () => {
    const wrong = fake.webhookUrl.replace(WEBHOOK_TOKEN, 'other-secret');
    const err = await expectRejects(adapter(wrong).post(storyDraft('discord', ['Hi']), new MemoryLedger()), AuthError, 'discord webhook execute failed: 401 Invalid Webhook Token');
    expect(err.message).not.toContain('other-secret');
    const gone = fake.webhookUrl.replace('/1200/', '/1201/');
    const err2 = await expectRejects(adapter(gone).post(storyDraft('discord', ['Hi']), new MemoryLedger()), AuthError, 'discord webhook execute failed: 404 Unknown Webhook');
    expect(err2.message).not.toContain(WEBHOOK_TOKEN);
  });

  it('maps 400 Invalid Form Body to ContentRejectedError', async () => {
    await expectRejects(
      adapter().post(storyDraft('discord', ['x'.repeat(2001)]), new MemoryLedger()),
      ContentRejectedError,
      'discord webhook execute failed: 400 Invalid Form Body',
    );
  });

  it('turns a timeout after acceptance into AmbiguousOutcomeError and does not re-send on retry', async () => {
    fake.faults.add({ kind: 'accept-then-hang' });
    const ledger = new MemoryLedger();
    const draft = storyDraft('discord', ['Hi']);
    const err = await expectRejects(adapter(fake.webhookUrl, 200).post(draft, ledger), AmbiguousOutcomeError, 'discord webhook execute timed out after 200 ms; the platform may have acted on it');
    expect(err.message).not.toContain(WEBHOOK_TOKEN);
    await expectRejects(adapter().post(draft, ledger), AmbiguousOutcomeError, /an editor must check the platform/);
    expect(fake.sent).toHaveLength(1);
  });

  it('deletes a message through the webhook', async () => {
    const result = await adapter().post(storyDraft('discord', ['Hi']), new MemoryLedger());
    await adapter().delete(result.parts[0]!);
    expect(fake.deleted).toEqual(['1300000000000000000']);
  });
});
