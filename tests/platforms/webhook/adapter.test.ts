import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebhookAdapter } from '../../../src/platforms/webhook/adapter.js';
import { MemoryLedger } from '../../../src/domain/memory-ledger.js';
import { AmbiguousOutcomeError, AuthError, ConfigError, ContentRejectedError, RateLimitedError, TransientError } from '../../../src/domain/errors/index.js';
import { startFakeWebhookTarget, type FakeWebhookTarget } from '../../fakes/webhook-target.js';
import { storyDraft } from '../../helpers/builders.js';
import { expectRejects } from '../http/expect-error.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
let fake: FakeWebhookTarget;

function adapter(secret = SECRET, timeoutMs?: number): WebhookAdapter {
  return new WebhookAdapter({ account: 'default', credentials: { url: fake.url, secret }, timeoutMs });
}

beforeEach(async () => {
  fake = await startFakeWebhookTarget({ secret: SECRET });
});
afterEach(async () => {
  await fake.close();
});

describe('WebhookAdapter', () => {
  it('sends the whole post as one signed Standard Webhooks message', async () => {
    const ledger = new MemoryLedger();
    const draft = { ...storyDraft('webhook', ['Part one', 'Part two']), language: 'en' };
    const result = await adapter().post(draft, ledger);
    expect(fake.deliveries).toHaveLength(1);
    const [delivery] = fake.deliveries;
    expect(delivery!.verified).toBe(true);
    expect(delivery!.webhookId).toMatch(/^msg_[0-9a-f-]{36}$/);
    const prepared = (await ledger.entries()).get(0)?.prepared;
    expect(JSON.parse(delivery!.body)).toEqual({
      type: 'crier.post',
      timestamp: prepared?.preparedAt,
      data: {
        articleId: 'sad-2025-08-25-beijing-islamabad',
        platform: 'webhook',
        account: 'default',
        parts: ['Part one', 'Part two'],
        link: {
          url: 'https://example.com/news/beijing-islamabad',
          title: 'Beijing Backs Islamabad’s Plan',
          description: 'China pledges support for the corridor.',
          imageUrl: 'https://example.com/media/cpec.jpg',
        },
        media: [{ url: 'https://example.com/media/cpec.jpg', alt: 'Leaders shake hands in Beijing' }],
        language: 'en',
      },
    });
    expect(result).toEqual({ platform: 'webhook', account: 'default', parts: [{ index: 0, remoteId: delivery!.webhookId }] });
  });

  it('does not send again once delivered', async () => {
    const ledger = new MemoryLedger();
    await adapter().post(storyDraft('webhook', ['x']), ledger);
    await adapter().post(storyDraft('webhook', ['x']), ledger);
    expect(fake.deliveries).toHaveLength(1);
  });

  it('after a timeout that the receiver accepted, the retry re-sends the same webhook-id and body', async () => {
    fake.faults.add({ kind: 'accept-then-hang' });
    const ledger = new MemoryLedger();
    const draft = storyDraft('webhook', ['x']);
    await expectRejects(adapter(SECRET, 200).post(draft, ledger), AmbiguousOutcomeError, /timed out after 200 ms/);
    const result = await adapter().post(draft, ledger);
    expect(fake.deliveries).toHaveLength(2);
    expect(fake.deliveries.every((d) => d.verified)).toBe(true);
    expect(fake.deliveries[1]!.body).toBe(fake.deliveries[0]!.body);
    expect(fake.distinctIds()).toEqual([result.parts[0]!.remoteId]);
  });

  it('maps 5xx to TransientError, and the retry keeps the id', async () => {
    fake.faults.add({ kind: 'respond', status: 502 });
    const ledger = new MemoryLedger();
    await expectRejects(adapter().post(storyDraft('webhook', ['x']), ledger), TransientError, /^webhook delivery to 127\.0\.0\.1:\d+ failed: HTTP 502$/);
    await adapter().post(storyDraft('webhook', ['x']), ledger);
    expect(fake.distinctIds()).toHaveLength(1);
  });

  it('maps 429 with Retry-After (HTTP-date) to RateLimitedError at that date', async () => {
    fake.faults.add({ kind: 'respond', status: 429, headers: { 'retry-after': 'Wed, 21 Oct 2037 07:28:00 GMT' } });
    const err = await expectRejects(adapter().post(storyDraft('webhook', ['x']), new MemoryLedger()), RateLimitedError);
    expect((err as RateLimitedError).resetAt.toISOString()).toBe('2037-10-21T07:28:00.000Z');
  });

  it('maps a signature the receiver refuses (401) and 410 Gone to AuthError, other 4xx to ContentRejectedError', async () => {
    const err = await expectRejects(adapter('whsec_b3RoZXJzZWNyZXRvdGhlcnNlY3JldA==').post(storyDraft('webhook', ['x']), new MemoryLedger()), AuthError);
    expect(err.message).toMatch(/^webhook delivery to 127\.0\.0\.1:\d+ failed: HTTP 401$/);
    expect(err.message).not.toContain('whsec_');
    fake.faults.add({ kind: 'respond', status: 410 });
    await expectRejects(adapter().post(storyDraft('webhook', ['x']), new MemoryLedger()), AuthError, /endpoint gone/);
    fake.faults.add({ kind: 'respond', status: 422 });
    await expectRejects(adapter().post(storyDraft('webhook', ['x']), new MemoryLedger()), ContentRejectedError);
  });

  it('rejects a secret that is not whsec_ base64, naming the option only', () => {
    expect(() => adapter('whsec_!!not base64!!')).toThrow(ConfigError);
    expect(() => adapter('whsec_!!not base64!!')).toThrow(/credentials\.secret/);
  });
});
