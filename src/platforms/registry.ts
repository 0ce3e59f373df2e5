import type { AccountConfig, Config } from '../config.js';
import { ConfigError } from '../domain/errors/index.js';
import type { PlatformId } from '../domain/platform.js';
import type { PlatformAdapter } from './adapter.js';
import { BlueskyAdapter } from './bluesky/adapter.js';
import { DiscordAdapter } from './discord/adapter.js';
import { createMediaFetcher } from '../media/media-fetcher.js';
import { LinkedInAdapter } from './linkedin/adapter.js';
import { MastodonAdapter } from './mastodon/adapter.js';
import type { MediaFetcher } from './media.js';
import { OutboxAdapter } from './outbox/adapter.js';
import { SlackAdapter } from './slack/adapter.js';
import { TelegramAdapter } from './telegram/adapter.js';
import { ThreadsAdapter } from './threads/adapter.js';
import { WebhookAdapter } from './webhook/adapter.js';
import { XAdapter } from './x/adapter.js';

function createAdapter(account: AccountConfig, fetchMedia: MediaFetcher, outboxDir: string): PlatformAdapter {
  if (account.delivery === 'outbox') return new OutboxAdapter({ platform: account.platform, account: account.name, dir: outboxDir });
  switch (account.platform) {
    case 'x':
      return new XAdapter({ account: account.name, credentials: account.credentials, fetchMedia });
    case 'bluesky':
      return new BlueskyAdapter({ account: account.name, credentials: account.credentials, fetchMedia });
    case 'mastodon':
      return new MastodonAdapter({ account: account.name, credentials: account.credentials, fetchMedia });
    case 'threads':
      return new ThreadsAdapter({ account: account.name, credentials: account.credentials });
    case 'linkedin':
      return new LinkedInAdapter({ account: account.name, credentials: account.credentials, fetchMedia });
    case 'telegram':
      return new TelegramAdapter({ account: account.name, credentials: account.credentials, fetchMedia });
    case 'discord':
      return new DiscordAdapter({ account: account.name, credentials: account.credentials });
    case 'slack':
      return new SlackAdapter({ account: account.name, credentials: account.credentials });
    case 'webhook':
      return new WebhookAdapter({ account: account.name, credentials: account.credentials });
  }
}

/**
 * One adapter per configured account, created on first use and kept: sessions and clients are
 * reused for the life of the process (DESIGN.md invariant 4).
 */
export function createAdapterProvider(
  config: Pick<Config, 'accounts' | 'fetch' | 'outboxDir'> & Partial<Pick<Config, 'media'>>,
  shared: { fetchMedia?: MediaFetcher } = {},
) {
  // Media once per article: every adapter gets the same cached fetcher (the service's is in Redis).
  const fetchMedia = shared.fetchMedia ?? createMediaFetcher(config);
  const adapters = new Map<string, PlatformAdapter>();
  return {
    get(platform: PlatformId, account: string): PlatformAdapter {
      const key = `${platform}/${account}`;
      let adapter = adapters.get(key);
      if (!adapter) {
        const found = config.accounts.find((a) => a.platform === platform && a.name === account);
        if (!found) throw new ConfigError(`no credentials configured for ${key}`);
        adapter = createAdapter(found, fetchMedia, config.outboxDir);
        adapters.set(key, adapter);
      }
      return adapter;
    },
    async close(): Promise<void> {
      await Promise.all([...adapters.values()].map((a) => a.close?.()));
      adapters.clear();
    },
  };
}
