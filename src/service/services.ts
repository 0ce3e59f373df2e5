import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ComposeTarget } from '../compose/composer.js';
import { mastodonProfileResolver } from '../platforms/mastodon/instance.js';
import { loadTemplates } from '../compose/templates/template-set.js';
import type { AccountRouting, Config } from '../config.js';
import { ArticleLifecycle } from '../lifecycle/article-lifecycle.js';
import type { ArticleLifecycleApi } from '../lifecycle/lifecycle-types.js';
import { ArticleStore } from '../posts/article-store.js';
import { PublishQueues } from '../pipeline/publish-queues.js';
import { connectRedis, createRedis } from '../pipeline/redis-connection.js';
import { ReviewPolicy } from '../pipeline/review-policy.js';
import type { PostRecord } from '../posts/post.js';
import { PostStore } from '../posts/post-store.js';
import { lifecycleOnFirstUse } from './lifecycle-on-first-use.js';

/** Key layout: posts and ledgers under `<REDIS_PREFIX>:`, BullMQ under `<REDIS_PREFIX>:q`. */
export function prefixes(config: Pick<Config, 'redisPrefix'>): { store: string; queue: string } {
  return { store: `${config.redisPrefix}:`, queue: `${config.redisPrefix}:q` };
}

export function targetsOf(config: Pick<Config, 'accounts'>): ComposeTarget[] {
  return config.accounts.map((a) => ({ platform: a.platform, account: a.name }));
}

/** Targets with each account's routing and review settings, for the intake. */
export function routedTargetsOf(config: Pick<Config, 'accounts'>): (ComposeTarget & AccountRouting)[] {
  return config.accounts.map((a) => ({
    platform: a.platform,
    account: a.name,
    sections: a.sections,
    tags: a.tags,
    review: a.review,
    holdSeconds: a.holdSeconds,
  }));
}

export interface CoreServices {
  config: Config;
  /** Reconnects forever; what workers and queues use. */
  redis: Redis;
  /** Fails commands at once while Redis is down, so the intake can answer 503 instead of hanging. */
  requestRedis: Redis;
  store: PostStore;
  queues: PublishQueues;
  articles: ArticleStore;
  /** What every event and editor action on an article goes through (sources, intake, editors, CLI). */
  lifecycle: ArticleLifecycleApi;
  close(): Promise<void>;
}

/**
 * What every process needs: templates checked (a broken one stops start-up here, naming file and
 * line), Redis reached (or an error naming REDIS_URL), the store, the queues and the intake.
 */
export async function createCoreServices(
  config: Config,
  logger?: Logger,
  options: {
    onRetractionNeeded?: (post: PostRecord) => void;
    /** Load the composer when the lifecycle is first used, not now (the templates are checked now either way). */
    composeOnFirstUse?: boolean;
  } = {},
): Promise<CoreServices> {
  const templates = loadTemplates(config.templatesDir);
  const redis = await connectRedis(config.redisUrl);
  const requestRedis = createRedis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  requestRedis.on('error', (e: Error) => logger?.warn({ message: e.message }, 'redis connection error'));
  await requestRedis.connect();
  const { store: storePrefix, queue: queuePrefix } = prefixes(config);
  // Each account's own counting rules (a Mastodon instance's limit), for compose and editors' edits alike.
  const profileFor = mastodonProfileResolver(config.accounts);
  const store = new PostStore(requestRedis, { prefix: storePrefix, profileFor });
  const queues = new PublishQueues(requestRedis, queuePrefix, config.delivery);
  const articles = new ArticleStore(requestRedis, store.keys);
  const buildLifecycle = async (): Promise<ArticleLifecycle> => {
    const { composerFor } = await import('../compose/composer.js');
    return new ArticleLifecycle({
      store,
      articles,
      queues,
      composer: composerFor(templates, config, profileFor),
      targets: routedTargetsOf(config),
      policy: new ReviewPolicy(config.review, config.holdSeconds),
      unpublishPolicy: config.unpublishPolicy,
      ...(options.onRetractionNeeded ? { onRetractionNeeded: options.onRetractionNeeded } : {}),
    });
  };
  const lifecycle = options.composeOnFirstUse ? lifecycleOnFirstUse(buildLifecycle) : await buildLifecycle();
  return {
    config,
    redis,
    requestRedis,
    store,
    queues,
    articles,
    lifecycle,
    async close() {
      await queues.close();
      requestRedis.disconnect();
      redis.disconnect();
    },
  };
}
