import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
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

async function articleView(ctx: DashboardContext, id: string) {
  if (ctx.app.lifecycle) return ctx.app.lifecycle.article(id);
  const posts = (await ctx.app.store.list({ articleId: id, limit: 500 })).posts;
  const withHistory = await Promise.all(posts.map(async (p) => ({ ...p, history: await ctx.app.store.history(p.id) })));
  return { articleId: id, revisions: [], posts: withHistory };
}

async function renderArticle(ctx: DashboardContext, request: FastifyRequest, reply: FastifyReply, id: string, problem?: string, status = 200) {
  const view = await articleView(ctx, id);
  const now = Date.now();
  const card = (p: PostRecord & { history: Transition[] }) => ({
    row: rowOf(p, ctx.time, now),
    preview: previewOf(p),
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
    revisions: view.revisions.map((r) => ({ ...r, at: ctx.time.format(r.at) })),
    canRetract: view.posts.some((p) => ['published', 'partially_published', 'pending_review', 'scheduled'].includes(p.state)),
    canCorrect: view.posts.some((p) => p.state === 'published' || p.state === 'partially_published'),
    lifecycle: ctx.app.lifecycle !== undefined,
    problem,
  }, status);
}

/** An article: its posts on every platform, revisions, corrections and retractions; retract everywhere, correct. */
export function articleRoutes(scope: FastifyInstance, ctx: DashboardContext): void {
  scope.get<Params>('/articles/:id', async (request, reply) => renderArticle(ctx, request, reply, request.params.id));

  scope.post<Params>('/articles/:id/retract', async (request, reply) => {
    const form = retractForm.parse(request.body ?? {});
    const lifecycle = ctx.app.lifecycle;
    if (!lifecycle) return renderArticle(ctx, request, reply, request.params.id, 'Retraction is not available on this server.', 503);
    const posts = await lifecycle.retractArticle(request.params.id, actor(request), form.reason?.trim() || undefined);
    return redirectWith(request, reply, `/articles/${encodeURIComponent(request.params.id)}`, `Retracting everywhere: ${posts.length} post${posts.length === 1 ? '' : 's'} affected.`);
  });

  scope.post<Params>('/articles/:id/correction', async (request, reply) => {
    const form = correctionForm.parse(request.body ?? {});
    const lifecycle = ctx.app.lifecycle;
    if (!lifecycle) return renderArticle(ctx, request, reply, request.params.id, 'Corrections are not available on this server.', 503);
    const text = form.text.trim();
    if (!text) return renderArticle(ctx, request, reply, request.params.id, 'Write the correction first: it is posted under each published post.', 422);
    const posts = await lifecycle.correct(request.params.id, text, actor(request));
    return redirectWith(request, reply, `/articles/${encodeURIComponent(request.params.id)}`, `Correction queued under ${posts.length} post${posts.length === 1 ? '' : 's'}.`);
  });
}
