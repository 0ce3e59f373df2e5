import { createServer, type AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MemoryLedger } from '../../../src/domain/memory-ledger.js';
import { AuthError, TransientError } from '../../../src/domain/errors/index.js';
import { BlueskyAdapter } from '../../../src/platforms/bluesky/adapter.js';
import { MemorySessionStore } from '../../../src/platforms/bluesky/session-store.js';
import { adapterFor, listPosts, makeDraft, newAccount, useBlueskyEnv } from './setup.js';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const LOGIN = 'com.atproto.server.createSession';
const REFRESH = 'com.atproto.server.refreshSession';
const PUT = 'com.atproto.repo.putRecord';
const expiredToken = { kind: 'status' as const, status: 400, body: { error: 'ExpiredToken', message: 'Token has expired' } };

describe('BlueskyAdapter sessions', () => {
  const env = useBlueskyEnv();

  it('logs in once for five posts', async () => {
    const account = await newAccount(env);
    const adapter = adapterFor(env, account);
    const logins = env.proxy.count(LOGIN);
    for (let i = 0; i < 5; i++) await adapter.post(makeDraft([`post ${i}`]), new MemoryLedger());
    expect(env.proxy.count(LOGIN)).toBe(logins + 1);
    expect(await listPosts(env, account.did)).toHaveLength(5);
  });

  it('shares one login between concurrent posts', async () => {
    const account = await newAccount(env);
    const adapter = adapterFor(env, account);
    const logins = env.proxy.count(LOGIN);
    await Promise.all([0, 1, 2].map((i) => adapter.post(makeDraft([`parallel ${i}`]), new MemoryLedger())));
    expect(env.proxy.count(LOGIN)).toBe(logins + 1);
  });

  it('refreshes an expired access token instead of logging in again', async () => {
    const account = await newAccount(env);
    const adapter = adapterFor(env, account);
    await adapter.post(makeDraft(['before']), new MemoryLedger());
    const logins = env.proxy.count(LOGIN);
    const refreshes = env.proxy.count(REFRESH);

    env.proxy.inject(PUT, expiredToken);
    await adapter.post(makeDraft(['after']), new MemoryLedger());

    expect(env.proxy.count(REFRESH)).toBe(refreshes + 1);
    expect(env.proxy.count(LOGIN)).toBe(logins);
    expect((await listPosts(env, account.did)).map((p) => p.value.text).sort()).toEqual(['after', 'before']);
  });

  it('logs in again only when the refresh is refused too, and posts once', async () => {
    const account = await newAccount(env);
    const adapter = adapterFor(env, account);
    await adapter.post(makeDraft(['before']), new MemoryLedger());
    const logins = env.proxy.count(LOGIN);

    env.proxy.inject(PUT, expiredToken);
    env.proxy.inject(REFRESH, expiredToken);
    await adapter.post(makeDraft(['after']), new MemoryLedger());

    expect(env.proxy.count(LOGIN)).toBe(logins + 1);
    expect(await listPosts(env, account.did)).toHaveLength(2);
  });

  it('resumes a stored session with an expired access token by refreshing it, without a login', async () => {
    const account = await newAccount(env);
    const store = new MemorySessionStore();
    const first = adapterFor(env, account, { sessionStore: store });
    await first.post(makeDraft(['from the first process']), new MemoryLedger());
    await first.close();
    const saved = await store.load();
    expect(saved?.did).toBe(account.did);
    await store.save({ ...saved!, accessJwt: env.pds.expireAccessToken(saved!.accessJwt) });

    const logins = env.proxy.count(LOGIN);
    const refreshes = env.proxy.count(REFRESH);
    const second = adapterFor(env, account, { sessionStore: store });
    await second.post(makeDraft(['from the second process']), new MemoryLedger());
    await second.close();

    expect(env.proxy.count(LOGIN)).toBe(logins);
    expect(env.proxy.count(REFRESH)).toBe(refreshes + 1);
    // The store now holds the refreshed session, not the expired one.
    expect((await store.load())?.refreshJwt).not.toBe(saved!.refreshJwt);
    expect(await listPosts(env, account.did)).toHaveLength(2);
  });

  it('logs in when the stored session is no good at all', async () => {
    const account = await newAccount(env);
    const store = new MemorySessionStore({
      did: account.did, handle: account.handle, accessJwt: 'garbage', refreshJwt: 'garbage', active: true,
    });
    const logins = env.proxy.count(LOGIN);
    await adapterFor(env, account, { sessionStore: store }).post(makeDraft(['fresh login']), new MemoryLedger());
    expect(env.proxy.count(LOGIN)).toBe(logins + 1);
    expect((await store.load())?.accessJwt).not.toBe('garbage');
  });

  it('posts even when the session store cannot save, and says so', async () => {
    const account = await newAccount(env);
    const warnings: string[] = [];
    const store = {
      load: async () => undefined,
      save: async () => {
        throw new Error('redis is down');
      },
    };
    const adapter = adapterFor(env, account, { sessionStore: store, onWarning: (m) => warnings.push(m) });
    await adapter.post(makeDraft(['unsaved session']), new MemoryLedger());
    await adapter.close();
    expect(await listPosts(env, account.did)).toHaveLength(1);
    expect(warnings.filter((w) => w.startsWith('Bluesky session'))).toEqual(['Bluesky session not saved: redis is down']);
  });

  it('refuses a wrong app password with AuthError that never shows the password', async () => {
    const account = await newAccount(env);
    const password = 'wrong-pass-zq9x-k2mf';
    const bad = new BlueskyAdapter({
      account: 'default',
      credentials: { identifier: account.handle, appPassword: password, service: env.proxy.url },
      fetchMedia: async () => {
        throw new Error('not used');
      },
    });
    const error = await bad.post(makeDraft(['never']), new MemoryLedger()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).status).toBe(401);
    expect((error as AuthError).platform).toBe('bluesky');
    expect(inspect(error, { depth: 10 })).not.toContain(password);
    expect(await listPosts(env, account.did)).toHaveLength(0);
  });

  it('turns an unreachable service into TransientError', async () => {
    const account = await newAccount(env);
    const unreachable = new BlueskyAdapter({
      account: 'default',
      credentials: { identifier: account.handle, appPassword: account.appPassword, service: `http://127.0.0.1:${await closedPort()}` },
      fetchMedia: async () => {
        throw new Error('not used');
      },
    });
    const error = await unreachable.post(makeDraft(['never']), new MemoryLedger()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toContain('ECONNREFUSED');
  });
});
