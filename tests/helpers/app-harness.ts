import type { FastifyInstance } from 'fastify';
import { afterEach } from 'vitest';
import { configFrom, type Config } from '../../src/config.js';
import type { AppDeps } from '../../src/http/app-deps.js';
import { buildApp } from '../../src/http/app.js';
import { createCoreServices, prefixes, type CoreServices } from '../../src/service/services.js';
import { deleteKeys, randomPrefix } from './redis.js';
import { serviceEnv } from './service-env.js';

/** crier's HTTP app in-process (fastify inject, or on loopback with `listen`), on the real Redis under a prefix of its own. */
export interface TestApp {
  app: FastifyInstance;
  core: CoreServices;
  config: Config;
  /** REDIS_PREFIX. */
  prefix: string;
  /** Where the store, editors, sessions and feeds keep their keys (`${prefix}:`). */
  storePrefix: string;
  /** Set with `listen`. */
  url?: string;
  /** Closes the app, then what `deps` opened, then deletes the keys and closes Redis. */
  close(): Promise<void>;
}

export interface AppOptions {
  /** On top of serviceEnv's: crier's own settings, credentials pointing nowhere. */
  env?: Record<string, string>;
  /** Leaves EDITOR_TOKEN out of the env (the editor API is then off). */
  withoutToken?: boolean;
  /** More for buildApp (a dashboard, sources …), built on the same config and core; `onClose` runs after the app is closed. */
  deps?: (parts: { config: Config; core: CoreServices; storePrefix: string; onClose(fn: () => Promise<void> | void): void }) => Partial<AppDeps> | Promise<Partial<AppDeps>>;
  listen?: boolean;
}

export async function startApp(options: AppOptions = {}): Promise<TestApp> {
  const prefix = randomPrefix();
  const env = serviceEnv(prefix, options.env);
  if (options.withoutToken) delete env.EDITOR_TOKEN;
  const config = configFrom(env);
  const core = await createCoreServices(config);
  const storePrefix = prefixes(config).store;
  const onClose: (() => Promise<void> | void)[] = [];
  const more = options.deps ? await options.deps({ config, core, storePrefix, onClose: (fn) => void onClose.push(fn) }) : {};
  const app = buildApp({
    config,
    lifecycle: core.lifecycle,
    store: core.store,
    queues: core.queues,
    redisReady: () => core.requestRedis.status === 'ready',
    ...more,
  });
  const url = options.listen ? await app.listen({ port: 0, host: '127.0.0.1' }) : undefined;
  return {
    app,
    core,
    config,
    prefix,
    storePrefix,
    url,
    async close() {
      await app.close();
      for (const fn of onClose.reverse()) await fn();
      // A test that stopped its own Redis has nothing left to delete there.
      if (core.redis.status === 'ready') await deleteKeys(core.redis, prefix);
      await core.close();
    },
  };
}

/** startApp, with every app a test started closed after it. */
export function useApps(): (options?: AppOptions) => Promise<TestApp> {
  const open: TestApp[] = [];
  afterEach(async () => {
    for (const h of open.splice(0).reverse()) await h.close();
  });
  return async (options) => {
    const h = await startApp(options);
    open.push(h);
    return h;
  };
}
