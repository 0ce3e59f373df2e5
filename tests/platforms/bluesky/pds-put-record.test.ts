import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtpAgent } from '@atproto/api';
import { TID } from '@atproto/common-web';
import { startTestPds, type TestPds } from '../../fakes/bluesky-pds.js';

// Delivery invariant 2 rests on this PDS behaviour: the test pins it on a real PDS.
describe('real PDS: putRecord with a fixed record key', () => {
  let pds: TestPds;
  let agent: AtpAgent;
  let did: string;

  beforeAll(async () => {
    pds = await startTestPds();
    const account = await pds.createAccount('putrecord');
    did = account.did;
    agent = new AtpAgent({ service: pds.url });
    await agent.login({ identifier: account.handle, password: account.appPassword });
  });

  afterAll(async () => {
    await pds?.close();
  });

  it('writes the same key and the same record twice as one record with one cid', async () => {
    const rkey = TID.nextStr();
    const record = { $type: 'app.bsky.feed.post', text: 'once only', createdAt: new Date().toISOString() };
    const first = await agent.com.atproto.repo.putRecord({ repo: did, collection: 'app.bsky.feed.post', rkey, record });
    const second = await agent.com.atproto.repo.putRecord({ repo: did, collection: 'app.bsky.feed.post', rkey, record });

    expect(second.data.uri).toBe(first.data.uri);
    expect(second.data.cid).toBe(first.data.cid);
    // The first write made a commit; the repeat is a no-op without one.
    expect(first.data.commit).toBeDefined();
    expect(second.data.commit).toBeUndefined();

    const list = await agent.com.atproto.repo.listRecords({ repo: did, collection: 'app.bsky.feed.post' });
    expect(list.data.records.map((r) => r.uri)).toEqual([first.data.uri]);
  });

  it('with a different record under the same key, updates in place: still one record', async () => {
    const rkey = TID.nextStr();
    const createdAt = new Date().toISOString();
    const a = await agent.com.atproto.repo.putRecord({
      repo: did, collection: 'app.bsky.feed.post', rkey,
      record: { $type: 'app.bsky.feed.post', text: 'v1', createdAt },
    });
    const b = await agent.com.atproto.repo.putRecord({
      repo: did, collection: 'app.bsky.feed.post', rkey,
      record: { $type: 'app.bsky.feed.post', text: 'v2', createdAt },
    });
    expect(b.data.uri).toBe(a.data.uri);
    expect(b.data.cid).not.toBe(a.data.cid);
    const got = await agent.com.atproto.repo.getRecord({ repo: did, collection: 'app.bsky.feed.post', rkey });
    expect((got.data.value as { text: string }).text).toBe('v2');
  });
});
