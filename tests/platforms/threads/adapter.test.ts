import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ThreadsAdapter } from '../../../src/platforms/threads/adapter.js';
import { threadsResetAt } from '../../../src/platforms/threads/rate-limit-reset.js';
import { MemoryLedger } from '../../../src/domain/memory-ledger.js';
import { AmbiguousOutcomeError, AuthError, ContentRejectedError, RateLimitedError, TransientError } from '../../../src/domain/errors/index.js';
import { startFakeThreads, type FakeThreads } from '../../fakes/threads.js';
import { storyDraft } from '../../helpers/builders.js';
import { expectRejects } from '../http/expect-error.js';

const TOKEN = 'THAAsecret-threads-access-token';
let fake: FakeThreads;

function adapter(token = TOKEN, timeoutMs?: number): ThreadsAdapter {
  return new ThreadsAdapter({ account: 'default', credentials: { apiUrl: fake.url, userId: '4242', accessToken: token }, timeoutMs });
}

beforeEach(async () => {
  fake = await startFakeThreads({ userId: '4242', token: TOKEN, username: 'crier' });
});
afterEach(async () => {
  await fake.close();
});

describe('ThreadsAdapter', () => {
  it('publishes an IMAGE post with alt text, then TEXT replies chained by reply_to_id', async () => {
    const ledger = new MemoryLedger();
    const result = await adapter().post(storyDraft('threads', ['Lead part', 'Second part', 'Third part']), ledger);
    expect(fake.published.map((m) => m.params)).toEqual([
      { media_type: 'IMAGE', image_url: 'https://example.com/media/cpec.jpg', alt_text: 'Leaders shake hands in Beijing', text: 'Lead part' },
      { media_type: 'TEXT', text: 'Second part', reply_to_id: fake.published[0]!.id },
      { media_type: 'TEXT', text: 'Third part', reply_to_id: fake.published[1]!.id },
    ]);
    expect(result.parts).toEqual(
      fake.published.map((m, index) => ({
        index,
        remoteId: m.id,
        url: `https://www.threads.net/@crier/post/P${m.id}`,
        ref: { containerId: m.containerId },
      })),
    );
    expect(result.url).toBe(result.parts[0]!.url);
    expect((await ledger.entries()).get(1)?.prepared).toEqual({ containerId: fake.published[1]!.containerId });
  });

  it('sends a TEXT lead with link_attachment when there is no image', async () => {
    await adapter().post(storyDraft('threads', ['Only text'], false), new MemoryLedger());
    expect(fake.published.map((m) => m.params)).toEqual([{ media_type: 'TEXT', text: 'Only text', link_attachment: 'https://example.com/news/beijing-islamabad' }]);
  });

  it('resumes after the last delivered part, replying to it', async () => {
    const a = adapter();
    const ledger = new MemoryLedger();
    await a.post(storyDraft('threads', ['One']), ledger);
    const first = fake.published[0]!.id;
    await a.post(storyDraft('threads', ['One', 'Two']), ledger);
    expect(fake.published.map((m) => [m.params.text, m.params.reply_to_id])).toEqual([
      ['One', undefined],
      ['Two', first],
    ]);
  });

  it('after a publish that timed out but went through, the retry reports an ambiguous outcome and publishes nothing', async () => {
    fake.faults.add({ kind: 'accept-then-hang' }, (req) => req.url.includes('threads_publish'));
    const ledger = new MemoryLedger();
    const draft = storyDraft('threads', ['One']);
    const err = await expectRejects(adapter(TOKEN, 200).post(draft, ledger), AmbiguousOutcomeError, 'threads POST /{user-id}/threads_publish timed out after 200 ms; the platform may have acted on it');
    expect(err.message).not.toContain(TOKEN);
    await expectRejects(adapter().post(draft, ledger), AmbiguousOutcomeError, /already published.*an editor must check the platform/);
    expect(fake.published).toHaveLength(1);
    expect(fake.containers).toHaveLength(1);
  });

  it('after a publish that failed, the retry publishes the same container', async () => {
    fake.faults.add({ kind: 'respond', status: 500, body: { error: { message: 'An unexpected error has occurred.', type: 'OAuthException', code: 2 } } }, (req) =>
      req.url.includes('threads_publish'),
    );
    const ledger = new MemoryLedger();
    const draft = storyDraft('threads', ['One']);
    await expectRejects(adapter().post(draft, ledger), TransientError, 'threads POST /{user-id}/threads_publish failed: 500 (code 2) An unexpected error has occurred.');
    await adapter().post(draft, ledger);
    expect(fake.containers).toHaveLength(1);
    expect(fake.published.map((m) => m.containerId)).toEqual([fake.containers[0]!.id]);
  });

  it('after a container expired, the retry creates a fresh one', async () => {
    fake.faults.add({ kind: 'respond', status: 503, body: 'down' }, (req) => req.url.includes('threads_publish'));
    const ledger = new MemoryLedger();
    const draft = storyDraft('threads', ['One']);
    await expectRejects(adapter().post(draft, ledger), TransientError);
    fake.containers[0]!.status = 'EXPIRED';
    await adapter().post(draft, ledger);
    expect(fake.containers).toHaveLength(2);
    expect(fake.published.map((m) => m.containerId)).toEqual([fake.containers[1]!.id]);
  });

  it('maps code 190 to AuthError without quoting the token', async () => {
    const err = await expectRejects(adapter('wrong-token-value').post(storyDraft('threads', ['x']), new MemoryLedger()), AuthError);
    expect(err.message).toBe('threads POST /{user-id}/threads failed: 400 (code 190) Invalid OAuth access token - Cannot parse access token');
    expect(err.message).not.toContain('wrong-token-value');
  });

  it('maps code 4 and HTTP 429 to RateLimitedError using estimated_time_to_regain_access', async () => {
    fake.faults.add({
      kind: 'respond',
      status: 400,
      body: { error: { message: 'Application request limit reached', type: 'OAuthException', code: 4 } },
      headers: { 'x-business-use-case-usage': JSON.stringify({ '4242': [{ type: 'threads', call_count: 100, total_cputime: 20, total_time: 30, estimated_time_to_regain_access: 7 }] }) },
    });
    const before = Date.now();
    const err = await expectRejects(adapter().post(storyDraft('threads', ['x']), new MemoryLedger()), RateLimitedError);
    const resetAt = (err as RateLimitedError).resetAt.getTime();
    expect(resetAt).toBeGreaterThanOrEqual(before + 7 * 60_000);
    expect(resetAt).toBeLessThanOrEqual(Date.now() + 7 * 60_000);
  });

  it('reads the reset time from usage headers, defaulting to a minute', () => {
    const now = new Date('2025-08-25T06:00:00Z');
    expect(threadsResetAt(new Headers({ 'x-app-usage': '{"call_count":100,"estimated_time_to_regain_access":3}' }), now).toISOString()).toBe('2025-08-25T06:03:00.000Z');
    expect(threadsResetAt(new Headers({ 'x-app-usage': 'not json' }), now).toISOString()).toBe('2025-08-25T06:01:00.000Z');
    expect(threadsResetAt(new Headers(), now).toISOString()).toBe('2025-08-25T06:01:00.000Z');
  });

  it('maps HTTP 429 without headers to now + 60 s', async () => {
    fake.faults.add({ kind: 'respond', status: 429, body: { error: { message: 'Too many calls', type: 'THApiException', code: 613 } } });
    const before = Date.now();
    const err = await expectRejects(adapter().post(storyDraft('threads', ['x']), new MemoryLedger()), RateLimitedError);
    expect((err as RateLimitedError).resetAt.getTime()).toBeGreaterThanOrEqual(before + 60_000);
  });

  it('maps other 400s to ContentRejectedError', async () => {
    await expectRejects(
      adapter().post(storyDraft('threads', ['y'.repeat(501)], false), new MemoryLedger()),
      ContentRejectedError,
      'threads POST /{user-id}/threads failed: 400 (code 100/4279009) The post text is too long',
    );
  });

  it('deletes a published post', async () => {
    const result = await adapter().post(storyDraft('threads', ['x']), new MemoryLedger());
    await adapter().delete(result.parts[0]!);
    expect(fake.deleted).toEqual([result.parts[0]!.remoteId]);
  });
});
