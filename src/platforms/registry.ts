import type { AccountConfig, Config, LiveAccountConfig } from '../config.js';
import { ConfigError } from '../domain/errors/index.js';
import type { PlatformId } from '../domain/platform.js';
import { createMediaFetcher } from '../media/media-fetcher.js';
import type { PlatformAdapter } from './adapter.js';
import type { AdapterInput } from './descriptor.js';
import { PLATFORMS } from './descriptors.js';
import type { MediaFetcher } from './media.js';
import { OutboxAdapter } from './outbox/adapter.js';

async function createAdapter(account: AccountConfig, fetchMedia: MediaFetcher, outboxDir: string): Promise<PlatformAdapter> {
  if (account.delivery === 'outbox') return new OutboxAdapter({ platform: account.platform, account: account.name, dir: outboxDir });
  const live: LiveAccountConfig = account;
  // The account's credentials were checked against this descriptor's fields when the config was read.
  const create = (await PLATFORMS[live.platform].loadAdapter()) as (input: AdapterInput<LiveAccountConfig['credentials']>) => PlatformAdapter;
  return create({ account: live.name, credentials: live.credentials, fetchMedia });
}

/**
 * One adapter per configured account, created on first use and kept: sessions and clients are
 * reused for the life of the process (DESIGN.md invariant 4). A platform's adapter module, and so
 * its SDK, is loaded only when one of its accounts is first used.
 */
export function createAdapterProvider(
  config: Pick<Config, 'accounts' | 'fetch' | 'outboxDir'> & Partial<Pick<Config, 'media'>>,
  shared: { fetchMedia?: MediaFetcher } = {},
) {
  // Media once per article: every adapter gets the same cached fetcher (the service's is in Redis).
  const fetchMedia = shared.fetchMedia ?? createMediaFetcher(config);
  const adapters = new Map<string, Promise<PlatformAdapter>>();
  return {
    get(platform: PlatformId, account: string): Promise<PlatformAdapter> {
      const key = `${platform}/${account}`;
      let adapter = adapters.get(key);
      if (!adapter) {
        const found = config.accounts.find((a) => a.platform === platform && a.name === account);
        if (!found) return Promise.reject(new ConfigError(`no credentials configured for ${key}`));
        adapter = createAdapter(found, fetchMedia, config.outboxDir);
        // A failed creation (a bad option) is not kept: the next use reports it again.
        adapter.catch(() => adapters.delete(key));
        adapters.set(key, adapter);
      }
      return adapter;
    },
    async close(): Promise<void> {
      const all = await Promise.allSettled(adapters.values());
      await Promise.all(all.map((a) => (a.status === 'fulfilled' ? a.value.close?.() : undefined)));
      adapters.clear();
    },
  };
}
