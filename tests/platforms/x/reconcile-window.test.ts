import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { draft as buildDraft } from '../../helpers/builders.js';
import type { Draft } from '../../../src/domain/draft.js';
import { AmbiguousOutcomeError, UnconfirmedPartError } from '../../../src/domain/errors/index.js';
import { MemoryLedger } from '../../../src/domain/memory-ledger.js';
import { XAdapter } from '../../../src/platforms/x/adapter.js';
import { startFakeX, type FakeX } from '../../fakes/x-api.js';

const credentials = { apiKey: 'ck-window', apiSecret: 'cs-window', accessToken: 'at-window', accessSecret: 'as-window' };
const TEXT = 'Breaking: the corridor deal is signed https://example.com/news/deal';

const draft = (): Draft => buildDraft('x', { texts: [TEXT], articleId: 'deal', link: { url: 'https://example.com/news/deal', title: 'Deal', description: '' } });

describe('X reconciliation reads the whole window since the attempt, however busy the account', () => {
  let fake: FakeX;
  beforeEach(async () => {
    fake = await startFakeX({ credentials });
  });
  afterEach(async () => {
    await fake.close();
  });

  const adapter = () =>
    new XAdapter({
      account: 'default',
      credentials: { ...credentials, apiUrl: fake.url },
      fetchMedia: async () => {
        throw new Error('no media in this test');
      },
    });
  const timelineReads = () => fake.requests.filter((r) => r.method === 'GET' && r.path === `/2/users/${fake.user.id}/tweets`).length;

  it('finds the live tweet behind a backlog of 2,500 later tweets, and does not post it again', async () => {
    fake.fail('POST', '/2/tweets', { kind: 'acceptThenDrop' });
    const ledger = new MemoryLedger();
    const a = adapter();
    await expect(a.post(draft(), ledger)).rejects.toBeInstanceOf(AmbiguousOutcomeError);
    const live = fake.tweets[0]!;
    for (let i = 0; i < 2500; i++) fake.seedTweet({ text: `backlog item ${i}`, createdAt: new Date() });

    const result = await a.post(draft(), ledger);
    expect(result.parts.map((p) => p.remoteId)).toEqual([live.id]);
    expect(fake.liveTweets().filter((t) => t.sentText === TEXT)).toHaveLength(1);
    expect(timelineReads()).toBe(26);
    await a.close();
  });

  it('a window too large to read to its start fails the part for an editor instead of posting a second copy', async () => {
    fake.fail('POST', '/2/tweets', { kind: 'acceptThenDrop' });
    const ledger = new MemoryLedger();
    const a = adapter();
    await expect(a.post(draft(), ledger)).rejects.toBeInstanceOf(AmbiguousOutcomeError);
    // The live tweet is older than the 3,200 the timeline serves: it cannot be seen.
    for (let i = 0; i < 3300; i++) fake.seedTweet({ text: `backlog item ${i}`, createdAt: new Date() });

    const error = await a.post(draft(), ledger).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(UnconfirmedPartError);
    expect((error as Error).message).toMatch(/more than 3200 tweets since/);
    expect(fake.tweets.filter((t) => t.sentText === TEXT)).toHaveLength(1);
    await a.close();
  });
});
