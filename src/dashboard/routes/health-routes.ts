import type { FastifyInstance } from 'fastify';
import type { PostRecord } from '../../posts/post.js';
import type { AccountCheck } from '../../service/credential-check.js';
import { feedHealth } from '../../sources/feeds/feed-health.js';
import { renderPage, type DashboardContext } from '../dashboard-context.js';
import { PLATFORM_LABELS } from '../post-words.js';
import { rowOf } from '../queue-model.js';

function credentialStatus(
  failed: PostRecord[],
  published: PostRecord[],
  platform: string,
  account: string,
  format: (iso: string) => string,
  check: AccountCheck | undefined,
) {
  const mine = (p: PostRecord) => p.platform === platform && p.account === account;
  const lastAuth = failed.filter((p) => mine(p) && p.lastError?.kind === 'AuthError').sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  const lastOk = published.filter(mine).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  if (lastAuth && (!lastOk || lastAuth.updatedAt > lastOk.updatedAt)) {
    return { ok: false, text: `Refused by ${PLATFORM_LABELS[platform] ?? platform} since ${format(lastAuth.updatedAt)}: check the credentials` };
  }
  if (lastOk) return { ok: true, text: `Working: last post ${format(lastOk.updatedAt)}` };
  // Nothing sent yet: the start-up check is all there is to go on.
  if (check?.status === 'refused') return { ok: false, text: `Refused at start-up${check.detail ? `: ${check.detail}` : ''}` };
  if (check?.status === 'unreachable') return { ok: false, text: `Platform unreachable at start-up${check.detail ? `: ${check.detail}` : ''}` };
  if (check?.status === 'ok') return { ok: true, text: `Signed in${check.identity ? ` as ${check.identity}` : ''}${check.checkedAt ? ` (${format(check.checkedAt)})` : ''}; nothing sent yet` };
  return { ok: true, text: 'Configured; nothing sent yet' };
}

/** Health at a glance: each account's credentials, rate-limit pause and queue, and the last failures. */
export function healthRoutes(scope: FastifyInstance, ctx: DashboardContext): void {
  scope.get('/health', async (request, reply) => {
    const { store, queues } = ctx.app;
    const [failedPage, partialPage, publishedPage] = await Promise.all([
      store.list({ state: 'failed', limit: 200 }),
      store.list({ state: 'partially_published', limit: 200 }),
      store.list({ state: 'published', limit: 200 }),
    ]);
    const failed = [...failedPage.posts, ...partialPage.posts];
    const format = (iso: string) => ctx.time.format(iso);
    const checks = ctx.app.accountChecks?.() ?? [];
    const accounts = await Promise.all(
      ctx.dash.accounts.map(async ({ platform, account }) => {
        const queue = queues.queue(platform, account);
        const [counts, limitTtl] = await Promise.all([
          queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'failed'),
          queue.getRateLimitTtl(),
        ]);
        return {
          platform: PLATFORM_LABELS[platform] ?? platform,
          account,
          credentials: credentialStatus(failed, publishedPage.posts, platform, account, format, checks.find((c) => c.platform === platform && c.account === account)),
          deferredUntil: limitTtl > 0 ? format(new Date(Date.now() + limitTtl).toISOString()) : undefined,
          waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
          delayed: counts.delayed ?? 0,
          active: counts.active ?? 0,
          jobFailures: counts.failed ?? 0,
        };
      }),
    );
    const sources = ctx.app.sources;
    const feeds = sources
      ? (await feedHealth(sources.feedStore, sources.feeds)).map((f) => ({
          ...f,
          lastPollAt: f.lastPollAt ? format(f.lastPollAt) : undefined,
          lastSuccessAt: f.lastSuccessAt ? format(f.lastSuccessAt) : undefined,
          nextAttemptAt: f.nextAttemptAt ? format(f.nextAttemptAt) : undefined,
        }))
      : [];
    const now = Date.now();
    const lastFailures = failed
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
      .slice(0, 10)
      .map((p) => rowOf(p, ctx.time, now));
    return renderPage(ctx, request, reply, 'health', {
      title: 'Health',
      nav: 'health',
      accounts,
      lastFailures,
      feeds,
      redisReady: ctx.app.redisReady(),
      workers: ctx.app.workersRunning ? ctx.app.workersRunning() : undefined,
    });
  });
}
