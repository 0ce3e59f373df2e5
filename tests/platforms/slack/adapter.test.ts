import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackAdapter } from '../../../src/platforms/slack/adapter.js';
import { MemoryLedger } from '../../../src/domain/memory-ledger.js';
import {
  AmbiguousOutcomeError,
  AuthError,
  ContentRejectedError,
  RateLimitedError,
  TransientError,
  UnsupportedOperationError,
} from '../../../src/domain/errors/index.js';
import { startFakeSlack, type FakeSlack } from '../../fakes/slack.js';
import { storyDraft } from '../../helpers/builders.js';
import { expectRejects } from '../http/expect-error.js';

const SECRET = 'XXslackSECRETpathXX';
let fake: FakeSlack;

function adapter(webhookUrl = fake.webhookUrl, timeoutMs?: number): SlackAdapter {
  return new SlackAdapter({ account: 'default', credentials: { webhookUrl }, timeoutMs });
}

beforeEach(async () => {
  fake = await startFakeSlack({ secret: SECRET });
});
afterEach(async () => {
  await fake.close();
});

describe('SlackAdapter', () => {
  it('posts escaped mrkdwn sections, with the image and its alt text on the first part', async () => {
    const result = await adapter().post(storyDraft('slack', ['Tom & Jerry <!channel> > all', 'Part two']), new MemoryLedger());
    expect(fake.posted).toEqual([
      {
        text: 'Tom &amp; Jerry &lt;!channel&gt; &gt; all',
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: 'Tom &amp; Jerry &lt;!channel&gt; &gt; all' } },
          { type: 'image', image_url: 'https://example.com/media/cpec.jpg', alt_text: 'Leaders shake hands in Beijing' },
        ],
      },
      { text: 'Part two', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Part two' } }] },
    ]);
    expect(result.url).toBeUndefined();
    expect(result.parts.map((p) => p.remoteId)).toEqual([
      expect.stringMatching(/^slack:0:[0-9a-f]{16}$/),
      expect.stringMatching(/^slack:1:[0-9a-f]{16}$/),
    ]);
  });

  it('resumes after a delivered part', async () => {
    const ledger = new MemoryLedger();
    await ledger.delivered({ index: 0, remoteId: 'slack:0:abc' });
    await adapter().post(storyDraft('slack', ['One', 'Two']), ledger);
    expect(fake.posted.map((b) => b.text)).toEqual(['Two']);
  });

  it('maps invalid_payload / invalid_blocks to ContentRejectedError', async () => {
    fake.faults.add({ kind: 'respond', status: 400, body: 'invalid_blocks' });
    await expectRejects(adapter().post(storyDraft('slack', ['x']), new MemoryLedger()), ContentRejectedError, 'slack webhook failed: 400 invalid_blocks');
  });

  it('maps no_service, invalid_token and channel_is_archived to AuthError without quoting the URL', async () => {
    const err = await expectRejects(adapter(fake.webhookUrl.replace(SECRET, 'wrongSECRET')).post(storyDraft('slack', ['x']), new MemoryLedger()), AuthError, 'slack webhook failed: 404 no_service');
    expect(err.message).not.toContain('SECRET');
    fake.faults.add({ kind: 'respond', status: 403, body: 'invalid_token' });
    await expectRejects(adapter().post(storyDraft('slack', ['x']), new MemoryLedger()), AuthError, 'slack webhook failed: 403 invalid_token');
    fake.faults.add({ kind: 'respond', status: 410, body: 'channel_is_archived' });
    await expectRejects(adapter().post(storyDraft('slack', ['x']), new MemoryLedger()), AuthError, 'slack webhook failed: 410 channel_is_archived');
  });

  it('maps 429 with Retry-After to RateLimitedError', async () => {
    fake.faults.add({ kind: 'respond', status: 429, body: 'rate_limited', headers: { 'retry-after': '30' } });
    const before = Date.now();
    const err = await expectRejects(adapter().post(storyDraft('slack', ['x']), new MemoryLedger()), RateLimitedError);
    const resetAt = (err as RateLimitedError).resetAt.getTime();
    expect(resetAt).toBeGreaterThanOrEqual(before + 30_000);
    expect(resetAt).toBeLessThanOrEqual(Date.now() + 30_000);
  });

  it('maps 5xx to TransientError and a retry then posts once', async () => {
    fake.faults.add({ kind: 'respond', status: 500, body: '<html>oops</html>' });
    const ledger = new MemoryLedger();
    await expectRejects(adapter().post(storyDraft('slack', ['x']), ledger), TransientError, 'slack webhook failed: 500 HTTP 500');
    await adapter().post(storyDraft('slack', ['x']), ledger);
    expect(fake.posted).toHaveLength(1);
  });

  it('turns a timeout after acceptance into AmbiguousOutcomeError and does not re-send', async () => {
    fake.faults.add({ kind: 'accept-then-hang' });
    const ledger = new MemoryLedger();
    const err = await expectRejects(adapter(fake.webhookUrl, 200).post(storyDraft('slack', ['x']), ledger), AmbiguousOutcomeError, 'slack webhook timed out after 200 ms; the platform may have acted on it');
    expect(err.message).not.toContain(SECRET);
    await expectRejects(adapter().post(storyDraft('slack', ['x']), ledger), AmbiguousOutcomeError);
    expect(fake.posted).toHaveLength(1);
  });

  it('cannot delete', async () => {
    await expectRejects(adapter().delete({ index: 0, remoteId: 'slack:0:abc' }), UnsupportedOperationError, /incoming webhooks cannot delete/);
  });
});
