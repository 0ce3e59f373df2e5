import { AtpAgent } from '@atproto/api';
import { afterAll, beforeAll } from 'vitest';
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

/**
 * startEnv once for the describe block (or file) that calls it, closed after it. The Env it returns
 * is a view that reads the started one, so tests use it as they would the real thing.
 */
export function useBlueskyEnv(): Env {
  let started: Env | undefined;
  beforeAll(async () => {
    started = await startEnv();
  }, 60_000);
  afterAll(async () => {
    await started?.close();
  });
  const need = (): Env => {
    if (!started) throw new Error('useBlueskyEnv: the PDS is only there inside tests and hooks');
    return started;
  };
  return {
    get pds() {
      return need().pds;
    },
    get proxy() {
      return need().proxy;
    },
    close: async () => {
      await need().close();
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

/** The one Bluesky draft builder lives with the others; this name stays for the Bluesky tests. */
export { blueskyDraft as makeDraft } from '../../helpers/builders.js';

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
