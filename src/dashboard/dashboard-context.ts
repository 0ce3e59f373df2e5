import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../http/app-deps.js';
import type { PostActions } from '../http/post-actions.js';
import type { PostRecord } from '../posts/post.js';
import type { DashboardDeps } from './dashboard-deps.js';
import type { NewsroomTime } from './newsroom-time.js';
import { needsEditor } from './queue-model.js';

export interface DashboardContext {
  app: AppDeps;
  dash: DashboardDeps;
  time: NewsroomTime;
  actions: PostActions;
}

// Scripts and styles from this site only (htmx runs without eval or inline styles); images from
// anywhere, since previews show the article's own photos and cards.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: http: data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

async function attentionPosts(ctx: DashboardContext): Promise<PostRecord[]> {
  const states = ['pending_review', 'failed', 'partially_published', 'published'] as const;
  const pages = await Promise.all(states.map((state) => ctx.app.store.list({ state, limit: state === 'published' ? 100 : 500 })));
  return pages.flatMap((p) => p.posts);
}

/**
 * Renders a page with what every page shows: who is signed in, the CSRF token for its forms, the
 * one-line flash left by the last action, and the banner when something needs an editor.
 */
export async function renderPage(
  ctx: DashboardContext,
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  data: Record<string, unknown>,
  status = 200,
): Promise<FastifyReply> {
  const flash = request.session.get('flash');
  if (flash) request.session.set('flash', undefined);
  const banner = request.editor ? needsEditor(await attentionPosts(ctx)) : undefined;
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('content-security-policy', CSP)
    .header('referrer-policy', 'same-origin')
    .header('x-content-type-options', 'nosniff')
    .type('text/html; charset=utf-8')
    .view(template, {
      editor: request.editor,
      csrf: reply.generateCsrf(),
      flash,
      banner: banner && banner.review + banner.failed + banner.retractions > 0 ? banner : undefined,
      timeZone: ctx.time.timeZone,
      ...data,
    });
}

/** Leaves one line for the next page and sends the browser there (303: a form post becomes a GET). */
export async function redirectWith(request: FastifyRequest, reply: FastifyReply, url: string, flash: string): Promise<FastifyReply> {
  request.session.set('flash', flash);
  return reply.redirect(url, 303);
}
