import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { renderPage, type DashboardContext } from '../dashboard-context.js';
import { safeNext } from '../session.js';

const signInForm = z.object({
  name: z.string().max(200).default(''),
  password: z.string().max(1024).default(''),
  next: z.string().max(2000).optional(),
});

/** Sign-in and sign-out. Both are forms with a CSRF token, so another site cannot sign an editor in or out. */
export function signInRoutes(scope: FastifyInstance, ctx: DashboardContext): void {
  const { editors, signInLimiter } = ctx.dash;

  scope.get<{ Querystring: { next?: string; expired?: string } }>('/sign-in', async (request, reply) => {
    if (request.session.get('editor')) return reply.redirect(safeNext(request.query.next), 303);
    return renderPage(ctx, request, reply, 'sign-in', {
      title: 'Sign in',
      next: safeNext(request.query.next),
      expired: request.query.expired === '1',
    });
  });

  scope.post('/sign-in', { preHandler: scope.csrfProtection }, async (request, reply) => {
    const form = signInForm.parse(request.body ?? {});
    const next = safeNext(form.next);
    const address = request.ip;
    const limited = await signInLimiter.check(form.name, address);
    if (!limited.allowed) {
      const minutes = Math.ceil(limited.retryAfterSeconds / 60);
      reply.header('retry-after', String(limited.retryAfterSeconds));
      return renderPage(ctx, request, reply, 'sign-in', {
        title: 'Sign in',
        next,
        name: form.name,
        error: `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      }, 429);
    }
    const editor = await editors.verify(form.name, form.password);
    if (!editor) {
      await signInLimiter.failed(form.name, address);
      return renderPage(ctx, request, reply, 'sign-in', { title: 'Sign in', next, name: form.name, error: 'Wrong name or password.' }, 401);
    }
    await signInLimiter.succeeded(form.name);
    // A new session at sign-in: nothing set before it (a planted cookie, the old CSRF secret) carries over.
    const sid = await ctx.dash.sessions.open(editor.name, ctx.dash.settings.sessionMaxAgeSeconds);
    request.session.regenerate();
    request.session.set('editor', editor.name);
    request.session.set('sid', sid);
    request.session.set('signedInAt', Date.now());
    return reply.redirect(next, 303);
  });

  scope.post('/sign-out', { preHandler: scope.csrfProtection }, async (request, reply) => {
    const sid = request.session.get('sid');
    if (typeof sid === 'string') await ctx.dash.sessions.close(sid);
    request.session.delete();
    return reply.redirect('/sign-in', 303);
  });
}
