import { AtpAgent } from '@atproto/api';
import type { Draft } from '../../../src/domain/draft.js';
import { BlueskyAdapter } from '../../../src/platforms/bluesky/adapter.js';
import type { BlueskyAdapterOptions } from '../../../src/platforms/bluesky/options.js';
import { loopbackFetcher } from '../../fakes/bluesky-fetch.js';
import { startTestPds, type TestAccount, type TestPds } from '../../fakes/bluesky-pds.js';
import { startBlueskyProxy, type BlueskyProxy } from '../../fakes/bluesky-proxy.js';

export interface PostRecordValue {
  text: string;
  createdAt: string;
  langs?: string[];
  facets?: { index: { byteStart: number; byteEnd: number }; features: { $type: string; uri?: string; tag?: string; did?: string }[] }[];
  reply?: { root: { uri: string; cid: string }; parent: { uri: string; cid: string } };
  embed?: {
    $type: string;
    external: {
      uri: string;
      title: string;
      description: string;
      thumb?: { $type: string; ref: { $link: string } | { toString(): string }; mimeType: string; size: number };
    };
  };
}

export interface Env {
  pds: TestPds;
  proxy: BlueskyProxy;
  close(): Promise<void>;
}

/** A real PDS with a counting, fault-injecting proxy in front: the adapter only talks to the proxy. */
export async function startEnv(): Promise<Env> {
  const pds = await startTestPds();
  const proxy = await startBlueskyProxy(pds.url);
  return {
    pds,
    proxy,
    async close() {
      await proxy.close();
      await pds.close();
    },
  };
}

let accountSeq = 0;
export async function newAccount(env: Env, prefix = 'user'): Promise<TestAccount> {
  accountSeq += 1;
  return env.pds.createAccount(`${prefix}${accountSeq}-${process.pid}`);
}

export function adapterFor(env: Env, account: TestAccount, extra: Partial<BlueskyAdapterOptions> = {}): BlueskyAdapter {
  return new BlueskyAdapter({
    account: 'default',
    credentials: { identifier: account.handle, appPassword: account.appPassword, service: env.proxy.url },
    fetchMedia: loopbackFetcher,
    ...extra,
  });
}

export function makeDraft(texts: string[], extra: Partial<Draft> = {}): Draft {
  return {
    platform: 'bluesky',
    account: 'default',
    articleId: 'article-1',
    parts: texts.map((text) => ({ text, length: [...text].length, limit: 300 })),
    media: [],
    link: { url: 'http://127.0.0.1:9/unreachable-article', title: 'Headline', description: 'Dek' },
    ...extra,
  };
}

/** Reads the account's posts straight from the PDS, bypassing the proxy. */
export async function listPosts(env: Env, did: string): Promise<{ uri: string; cid: string; value: PostRecordValue }[]> {
  const agent = new AtpAgent({ service: env.pds.url });
  const res = await agent.com.atproto.repo.listRecords({ repo: did, collection: 'app.bsky.feed.post', limit: 100 });
  return res.data.records.map((r) => ({ uri: r.uri, cid: r.cid, value: r.value as unknown as PostRecordValue }));
}

export async function getPost(env: Env, uri: string): Promise<{ uri: string; cid: string; value: PostRecordValue }> {
  const agent = new AtpAgent({ service: env.pds.url });
  const [, , repo, collection, rkey] = uri.split('/');
  const res = await agent.com.atproto.repo.getRecord({ repo: repo!, collection: collection!, rkey: rkey! });
  return { uri: res.data.uri, cid: res.data.cid ?? '', value: res.data.value as unknown as PostRecordValue };
}
