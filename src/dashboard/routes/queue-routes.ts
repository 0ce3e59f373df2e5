import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PLATFORM_IDS } from '../../domain/platform.js';
import { isPostState, POST_STATES, type PostRecord, type PostState } from '../../posts/post.js';
import { renderPage, type DashboardContext } from '../dashboard-context.js';
import { PLATFORM_LABELS, STATE_LABELS } from '../post-words.js';
import { groupQueue, type QueueFilters } from '../queue-model.js';

const filterQuery = z.object({
  state: z.string().optional(),
  platform: z.string().optional(),
  account: z.string().max(200).optional(),
  section: z.string().max(200).optional(),
  article: z.string().max(500).optional(),
});

function filtersOf(request: FastifyRequest): QueueFilters {
  const q = filterQuery.parse(request.query ?? {});
  const clean = (v: string | undefined) => (v && v.trim() !== '' ? v.trim() : undefined);
  const state = clean(q.state);
  const platform = clean(q.platform);
  return {
    state: state && isPostState(state) ? state : undefined,
    platform: platform && (PLATFORM_IDS as readonly string[]).includes(platform) ? platform : undefined,
    account: clean(q.account),
    section: clean(q.section)?.toLowerCase(),
    article: clean(q.article),
  };
}

/** How many of each state the queue reads; more than a desk can look at on one screen. */
const PER_STATE = 200;

async function queuePosts(ctx: DashboardContext, filters: QueueFilters): Promise<PostRecord[]> {
  const { store } = ctx.app;
  let posts: PostRecord[];
  if (filters.article) {
    posts = (await store.list({ articleId: filters.article, state: filters.state, limit: 500 })).posts;
  } else {
    const states: readonly PostState[] = filters.state ? [filters.state] : POST_STATES;
    posts = (await Promise.all(states.map((state) => store.list({ state, limit: PER_STATE })))).flatMap((p) => p.posts);
  }
  posts = posts.filter((p) => (!filters.platform || p.platform === filters.platform) && (!filters.account || p.account === filters.account));
  if (filters.section && ctx.dash.articleInfo) {
    const info = ctx.dash.articleInfo;
    const ids = [...new Set(posts.map((p) => p.articleId))];
    const sections = new Map(await Promise.all(ids.map(async (id) => [id, (await info(id))?.section?.toLowerCase()] as const)));
    posts = posts.filter((p) => sections.get(p.articleId) === filters.section);
  }
  return posts;
}

function queryString(filters: QueueFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** The queue: every post an editor may need, grouped by what to do about it, refreshed by polling. */
export function queueRoutes(scope: FastifyInstance, ctx: DashboardContext): void {
  const options = () => ({
    states: POST_STATES.map((id) => ({ id, label: STATE_LABELS[id] })),
    platforms: [...new Set(ctx.dash.accounts.map((a) => a.platform))].map((id) => ({ id, label: PLATFORM_LABELS[id] ?? id })),
    accounts: [...new Set(ctx.dash.accounts.map((a) => a.account))],
    sectionsAvailable: ctx.dash.articleInfo !== undefined,
  });

  scope.get('/', async (request, reply) => {
    const filters = filtersOf(request);
    const groups = groupQueue(await queuePosts(ctx, filters), ctx.time, Date.now());
    return renderPage(ctx, request, reply, 'queue', {
      title: 'Queue',
      nav: 'queue',
      filters,
      options: options(),
      groups,
      rowsUrl: `/queue/rows${queryString(filters)}`,
    });
  });

  scope.get('/queue/rows', async (request, reply) => {
    const filters = filtersOf(request);
    const groups = groupQueue(await queuePosts(ctx, filters), ctx.time, Date.now());
    return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').view('queue-rows', { groups, filters });
  });
}
