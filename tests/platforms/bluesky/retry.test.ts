import { describe, expect, it } from 'vitest';
import { MemoryLedger } from '../../../src/domain/memory-ledger.js';
import { ForgetfulLedger } from '../../fakes/bluesky-ledger.js';
import { adapterFor, getPost, listPosts, makeDraft, newAccount, useBlueskyEnv } from './setup.js';

const PUT = 'com.atproto.repo.putRecord';

describe('BlueskyAdapter retries through the ledger', () => {
  const env = useBlueskyEnv();

  it('stores the rkey and the whole record before the first attempt', async () => {
    const account = await newAccount(env);
    const ledger = new MemoryLedger();
    const result = await adapterFor(env, account).post(makeDraft(['a', 'b'], { language: 'en' }), ledger);
    const entries = await ledger.entries();
    for (const part of result.parts) {
      const prepared = entries.get(part.index)?.prepared as { rkey: string; record: Record<string, unknown> };
      expect(part.remoteId).toBe(`at://${account.did}/app.bsky.feed.post/${prepared.rkey}`);
      const stored = await getPost(env, part.remoteId);
      expect(prepared.record).toEqual({ ...stored.value });
    }
  });

  it('re-sends a part that was prepared but not recorded as delivered, creating nothing new', async () => {
    const account = await newAccount(env);
    const adapter = adapterFor(env, account);
    const ledger = new ForgetfulLedger();
    const draft = makeDraft(['first', 'second', 'third']);
    const first = await adapter.post(draft, ledger);
    const before = await listPosts(env, account.did);
    const putsBefore = env.proxy.count(PUT);

    ledger.forgetDelivered(2);
    const second = await adapter.post(draft, ledger);

    // The last part was written again (one more putRecord), landing on the same record.
    expect(env.proxy.count(PUT)).toBe(putsBefore + 1);
    expect(second.parts).toEqual(first.parts);
    const after = await listPosts(env, account.did);
    expect(after.map((p) => [p.uri, p.cid]).sort()).toEqual(before.map((p) => [p.uri, p.cid]).sort());
    expect(after).toHaveLength(3);
  });

  it('resumes after a delivered part 0: posts only the rest, replying to part 0', async () => {
    const account = await newAccount(env);
    const adapter = adapterFor(env, account);
    const ledger = new MemoryLedger();
    const head = await adapter.post(makeDraft(['head']), ledger);
    const putsBefore = env.proxy.count(PUT);

    const result = await adapter.post(makeDraft(['head', 'middle', 'tail']), ledger);

    expect(env.proxy.count(PUT)).toBe(putsBefore + 2);
    expect(result.parts[0]).toEqual(head.parts[0]);
    const posts = await listPosts(env, account.did);
    expect(posts).toHaveLength(3);
    const root = { uri: head.parts[0]!.remoteId, cid: head.parts[0]!.ref!.cid };
    const middle = await getPost(env, result.parts[1]!.remoteId);
    const tail = await getPost(env, result.parts[2]!.remoteId);
    expect(middle.value.text).toBe('middle');
    expect(middle.value.reply).toEqual({ root, parent: root });
    expect(tail.value.reply).toEqual({ root, parent: { uri: middle.uri, cid: middle.cid } });
  });
});
