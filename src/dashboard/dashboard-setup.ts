import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { EditorStore } from '../editors/editor-store.js';
import { SessionRegistry } from '../editors/session-registry.js';
import { SignInLimiter } from '../editors/sign-in-limiter.js';
import type { ArticleStore } from '../posts/article-store.js';
import type { DashboardDeps } from './dashboard-deps.js';

/** The dashboard's dependencies for a service: editor accounts and sign-in counts live beside the posts. */
export function dashboardDepsFor(config: Config, redis: Redis, storePrefix: string, articles?: ArticleStore): DashboardDeps {
  return {
    ...(articles
      ? {
          async articleInfo(articleId: string) {
            const article = (await articles.get(articleId))?.article;
            return article ? { section: article.section, headline: article.headline } : undefined;
          },
        }
      : {}),
    editors: new EditorStore(redis, storePrefix),
    signInLimiter: new SignInLimiter(redis, storePrefix),
    sessions: new SessionRegistry(redis, storePrefix),
    settings: config.dashboard,
    accounts: config.accounts.map((a) => ({ platform: a.platform, account: a.name })),
  };
}
