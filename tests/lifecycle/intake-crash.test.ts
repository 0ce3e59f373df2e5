import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { composerFor } from '../../src/compose/composer.js';
import { loadTemplates } from '../../src/compose/templates/template-set.js';
import { configFrom } from '../../src/config.js';
import { parseArticleEventJson } from '../../src/article/parse-article.js';
import type { ArticleEvent } from '../../src/domain/article.js';
import { ArticleLifecycle } from '../../src/lifecycle/article-lifecycle.js';
import { PublishQueues } from '../../src/pipeline/publish-queues.js';
import { ReviewPolicy } from '../../src/pipeline/review-policy.js';
import { sweepOnce } from '../../src/pipeline/sweeper.js';
import type { PostRecord } from '../../src/posts/post.js';
import { createCoreServices, prefixes, routedTargetsOf, type CoreServices } from '../../src/service/services.js';
import { serviceEnv } from '../helpers/service-env.js';
import { deleteKeys, randomPrefix } from '../helpers/redis.js';

const seed = readFileSync('tests/fixtures/beijing-islamabad.json', 'utf8');
const event = (overrides: Record<string, unknown> = {}): ArticleEvent => parseArticleEventJson(JSON.stringify({ ...JSON.parse(seed), ...overrides }));

class ProcessDied extends Error {}

/** Queues whose process dies after the posts are stored and before their jobs are added. */
class DyingQueues extends PublishQueues {
  override async scheduleNew(): Promise<void> {
    throw new ProcessDied('killed between storing the posts and queueing them');
  }
}

const open: { core: CoreServices; prefix: string }[] = [];

async function core(): Promise<CoreServices> {
  const prefix = randomPrefix();
  const services = await createCoreServices(configFrom(serviceEnv(prefix)));
  open.push({ core: services, prefix });
  return services;
}

afterEach(async () => {
  for (const { core: c, prefix } of open.splice(0)) {
    await deleteKeys(c.redis, prefix);
    await c.close();
  }
});

async function jobsOf(c: CoreServices, posts: readonly PostRecord[]) {
  return Promise.all(posts.map((p) => c.queues.queue(p.platform, p.account).getJob(p.id)));
}

describe('the intake through crashes and races', () => {
  it('a crash between creating the posts and queueing them leaves them for the sweeper, which queues each once', async () => {
    const c = await core();
    const dying = new DyingQueues(c.requestRedis, prefixes(c.config).queue, c.config.delivery);
    const crashing = new ArticleLifecycle({
      store: c.store,
      articles: c.articles,
      queues: dying,
      composer: composerFor(loadTemplates(c.config.templatesDir), c.config),
      targets: routedTargetsOf(c.config),
      policy: new ReviewPolicy(c.config.review, c.config.holdSeconds),
      unpublishPolicy: c.config.unpublishPolicy,
    });
    const first = event();
    const articleId = first.kind === 'publish' ? first.article.id : '';
    await expect(crashing.handle(first, 'cms')).rejects.toBeInstanceOf(ProcessDied);
    await dying.close();

    const stored = await c.store.forArticle(articleId);
    expect(stored.map((p) => p.state)).toEqual(['scheduled', 'scheduled', 'scheduled']);
    expect(await jobsOf(c, stored)).toEqual([undefined, undefined, undefined]);
    // The lock went back with the crash, and the revision was not marked accepted: nothing claims it is done.
    expect(await c.requestRedis.exists(c.store.keys.articleLock(articleId))).toBe(0);
    expect(await c.requestRedis.exists(c.store.keys.accepted(articleId, stored[0]!.revision))).toBe(0);

    expect(await sweepOnce(c.store, c.queues)).toBe(3);
    expect((await jobsOf(c, stored)).map((j) => j?.data)).toEqual(stored.map((p) => ({ postId: p.id, snapshot: p })));
    expect(await sweepOnce(c.store, c.queues)).toBe(0);
  });

  it('the same event delivered five times at once creates the posts once, queues each once, and the rest are duplicates', async () => {
    const c = await core();
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => c.lifecycle.handle(event(), 'cms')));
    expect(outcomes.map((o) => o.action).sort()).toEqual(['created', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
    const posts = (await c.store.list({})).posts;
    expect(posts).toHaveLength(3);
    for (const o of outcomes) expect(o.posts.map((p) => p.id).sort()).toEqual(posts.map((p) => p.id).sort());
    expect((await jobsOf(c, posts)).every((j) => j !== undefined)).toBe(true);
    const counts = await Promise.all(posts.map((p) => c.queues.queue(p.platform, p.account).getJobCounts()));
    expect(counts.map((n) => Object.values(n).reduce((a, b) => a + b, 0))).toEqual([1, 1, 1]);
  });

  it('two revisions saved at once: one creates, the other reads its posts (recomposes them, or is stale if it came second); the log has both', async () => {
    const c = await core();
    const outcomes = await Promise.all([c.lifecycle.handle(event({ revision: 1 }), 'cms'), c.lifecycle.handle(event({ revision: 2, headline: 'A new headline' }), 'cms')]);
    const actions = outcomes.map((o) => o.action);
    expect(actions.filter((a) => a === 'created')).toHaveLength(1);
    expect(actions.filter((a) => a === 'recomposed' || a === 'stale')).toHaveLength(1);
    const posts = (await c.store.list({})).posts;
    expect(posts).toHaveLength(3);
    expect(posts.every((p) => p.revision === '2')).toBe(true);
    const log = await c.articles.log(posts[0]!.articleId);
    expect(log.map((e) => e.action).sort()).toEqual([...actions].sort());
    expect((await jobsOf(c, posts)).every((j) => j !== undefined)).toBe(true);
  });
});
