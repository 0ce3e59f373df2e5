import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ArticleNotFoundError, CrierError } from '../../domain/errors/index.js';
import type { ArticleView } from '../../lifecycle/lifecycle-types.js';
import type { PostRecord, Transition } from '../../posts/post.js';
import { renderPage, redirectWith, type DashboardContext } from '../dashboard-context.js';
import { historyLines } from '../history-model.js';
import { previewOf } from '../post-preview.js';
import { STATE_LABELS } from '../post-words.js';
import { rowOf } from '../queue-model.js';
import { actor } from '../session.js';

type Params = { Params: { id: string } };
const retractForm = z.object({ reason: z.string().max(500).optional() });
const correctionForm = z.object({ text: z.string().max(2000).default('') });

async function articleView(ctx: DashboardContext, id: string): Promise<ArticleView | undefined> {
  try {
    return await ctx.app.lifecycle.article(id);
  } catch (error) {
    if (error instanceof ArticleNotFoundError) return undefined;
    throw error;
  }
}

async function renderArticle(ctx: DashboardContext, request: FastifyRequest, reply: FastifyReply, id: string, problem?: string, status = 200) {
  const found = await articleView(ctx, id);
  const view: ArticleView = found ?? { articleId: id, revisions: [], log: [], posts: [] };
  const now = Date.now();
  const card = (p: PostRecord & { history: Transition[] }) => ({
    row: rowOf(p, ctx.time, now),
    preview: previewOf(p, ctx.app.store.profileOf(p)),
    history: historyLines(p.history, [], ctx.time).slice(0, 5),
  });
  const originals = view.posts.filter((p) => p.kind !== 'correction');
  const corrections = view.posts.filter((p) => p.kind === 'correction');
  const retractions = view.posts.filter((p) => p.state === 'retracted' || p.retraction);
  const headline = view.posts.find((p) => p.draft.link.title)?.draft.link.title ?? id;
  return renderPage(ctx, request, reply, 'article', {
    title: `Article: ${headline}`,
    nav: 'queue',
    articleId: id,
    headline,
    url: view.posts[0]?.draft.link.url,
    found: view.posts.length > 0,
    posts: originals.map(card),
    corrections: corrections.map(card),
    retractions: retractions.map((p) => ({
      id: p.id,
      platform: rowOf(p, ctx.time, now).platformLabel,
      account: p.account,
      state: STATE_LABELS[p.state],
      status: p.retraction?.status,
      reason: p.retraction?.error ?? p.retraction?.reason,
      by: p.retraction?.requestedBy,
      at: ctx.time.format(p.retraction?.requestedAt ?? p.updatedAt),
    })),
    status: view.status,
    log: view.log.map((e) => ({ ...e, at: ctx.time.format(e.at) })).reverse(),
    canRetract: view.posts.some((p) => ['published', 'partially_published', 'pending_review', 'scheduled'].includes(p.state)),
    canCorrect: view.posts.some((p) => p.state === 'published' || p.state === 'partially_published'),
    problem,
  }, found ? status : 404);
}

/** An article: its posts on every platform, revisions, corrections and retractions; retract everywhere, correct. */
export function articleRoutes(scope: FastifyInstance, ctx: DashboardContext): void {
  scope.get<Params>('/articles/:id', async (request, reply) => renderArticle(ctx, request, reply, request.params.id));

  scope.post<Params>('/articles/:id/retract', async (request, reply) => {
    const form = retractForm.parse(request.body ?? {});
    let posts: PostRecord[];
    try {
      posts = await ctx.app.lifecycle.retractArticle(request.params.id, actor(request), form.reason?.trim() || undefined);
    } catch (error) {
      if (error instanceof CrierError) return renderArticle(ctx, request, reply, request.params.id, `Not retracted: ${error.message}`, 409);
      throw error;
    }
    return redirectWith(request, reply, `/articles/${encodeURIComponent(request.params.id)}`, `Retracting everywhere: ${posts.length} post${posts.length === 1 ? '' : 's'} affected.`);
  });

  scope.post<Params>('/articles/:id/correction', async (request, reply) => {
    const form = correctionForm.parse(request.body ?? {});
    const text = form.text.trim();
    if (!text) return renderArticle(ctx, request, reply, request.params.id, 'Write the correction first: it is posted under each published post.', 422);
    let posts: PostRecord[];
    try {
      posts = await ctx.app.lifecycle.correct(request.params.id, text, actor(request));
    } catch (error) {
      if (error instanceof CrierError) return renderArticle(ctx, request, reply, request.params.id, `Correction not queued: ${error.message}`, 409);
      throw error;
    }
    return redirectWith(request, reply, `/articles/${encodeURIComponent(request.params.id)}`, `Correction queued under ${posts.length} post${posts.length === 1 ? '' : 's'}.`);
  });
}
