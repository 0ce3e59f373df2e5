import { describe, expect, it } from 'vitest';
import { ContentRejectedError } from '../../../src/domain/errors/index.js';
import { MemoryLedger } from '../../../src/domain/memory-ledger.js';
import { adapterFor, getPost, listPosts, makeDraft, newAccount, useBlueskyEnv } from './setup.js';

describe('BlueskyAdapter.post: threads on a real PDS', () => {
  const env = useBlueskyEnv();

  it('posts a 3-part thread in order, each reply pointing at part 0 as root and the previous part as parent', async () => {
    const account = await newAccount(env);
    const adapter = adapterFor(env, account);
    const ledger = new MemoryLedger();
    const result = await adapter.post(makeDraft(['one', 'two', 'three']), ledger);

    expect(result.platform).toBe('bluesky');
    expect(result.parts.map((p) => p.index)).toEqual([0, 1, 2]);
    const posts = await Promise.all(result.parts.map((p) => getPost(env, p.remoteId)));
    expect(posts.map((p) => p.value.text)).toEqual(['one', 'two', 'three']);
    expect(posts[0]!.value.reply).toBeUndefined();
    // The card goes on the first part only.
    expect(posts[0]!.value.embed?.external.uri).toBe('http://127.0.0.1:9/unreachable-article');
    expect(posts[1]!.value.embed).toBeUndefined();
    expect(posts[2]!.value.embed).toBeUndefined();
    const rootRef = { uri: posts[0]!.uri, cid: posts[0]!.cid };
    expect(posts[1]!.value.reply).toEqual({ root: rootRef, parent: rootRef });
    expect(posts[2]!.value.reply).toEqual({ root: rootRef, parent: { uri: posts[1]!.uri, cid: posts[1]!.cid } });
    expect((await listPosts(env, account.did)).length).toBe(3);

    const rkey = result.parts[0]!.remoteId.split('/').pop();
    expect(result.url).toBe(`https://bsky.app/profile/${account.did}/post/${rkey}`);
    expect(result.parts[1]!.ref).toEqual({ uri: posts[1]!.uri, cid: posts[1]!.cid });
    const entries = await ledger.entries();
    expect([...entries.values()].every((e) => e.prepared !== undefined && e.delivered !== undefined)).toBe(true);
  });

  it('sets langs from the draft language, and none without one', async () => {
    const account = await newAccount(env);
    const adapter = adapterFor(env, account);
    const withLang = await adapter.post(makeDraft(['Hallo Welt'], { language: 'de' }), new MemoryLedger());
    const without = await adapter.post(makeDraft(['no language']), new MemoryLedger());
    expect((await getPost(env, withLang.parts[0]!.remoteId)).value.langs).toEqual(['de']);
    expect((await getPost(env, without.parts[0]!.remoteId)).value.langs).toBeUndefined();
  });

  it('places link, hashtag and mention facets on exact UTF-8 byte ranges after an emoji and a non-ASCII word', async () => {
    const account = await newAccount(env);
    const mentioned = await newAccount(env, 'named');
    const adapter = adapterFor(env, account);
    const text = `🇵🇰 Zürich café 👩🏽‍💻 read https://example.com/news/ünï?x=1 #CPEC @${mentioned.handle} @nobody.test`;
    const result = await adapter.post(makeDraft([text]), new MemoryLedger());
    const { value } = await getPost(env, result.parts[0]!.remoteId);

    const bytes = new TextEncoder();
    const range = (needle: string) => {
      const start = bytes.encode(text.slice(0, text.indexOf(needle))).length;
      return { byteStart: start, byteEnd: start + bytes.encode(needle).length };
    };
    expect(value.facets).toEqual([
      { $type: 'app.bsky.richtext.facet', index: range('https://example.com/news/ünï?x=1'), features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://example.com/news/ünï?x=1' }] },
      { $type: 'app.bsky.richtext.facet', index: range('#CPEC'), features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'CPEC' }] },
      { $type: 'app.bsky.richtext.facet', index: range(`@${mentioned.handle}`), features: [{ $type: 'app.bsky.richtext.facet#mention', did: mentioned.did }] },
    ]);
    // The byte ranges cut out exactly the entity's text.
    const encoded = bytes.encode(text);
    const decoder = new TextDecoder();
    expect(value.facets!.map((f) => decoder.decode(encoded.slice(f.index.byteStart, f.index.byteEnd)))).toEqual([
      'https://example.com/news/ünï?x=1',
      '#CPEC',
      `@${mentioned.handle}`,
    ]);
  });

  it('deletes a posted part by the record key in its AT URI', async () => {
    const account = await newAccount(env);
    const adapter = adapterFor(env, account);
    const result = await adapter.post(makeDraft(['keep', 'delete me']), new MemoryLedger());
    await adapter.delete(result.parts[1]!);
    const left = await listPosts(env, account.did);
    expect(left.map((p) => p.uri)).toEqual([result.parts[0]!.remoteId]);
  });

  it('refuses to delete a post of another account', async () => {
    const owner = await newAccount(env);
    const other = await newAccount(env);
    const posted = await adapterFor(env, owner).post(makeDraft(['mine']), new MemoryLedger());
    const error = await adapterFor(env, other).delete(posted.parts[0]!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentRejectedError);
    expect(await listPosts(env, owner.did)).toHaveLength(1);
  });
});
