import { hkdfSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import csrfProtection from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import secureSession from '@fastify/secure-session';
import fastifyStatic from '@fastify/static';
import view from '@fastify/view';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Liquid } from 'liquidjs';
import { ZodError } from 'zod';
import { ArticleNotFoundError, PostNotFoundError } from '../domain/errors/index.js';
import type { AppDeps } from '../http/app-deps.js';
import { PostActions } from '../http/post-actions.js';
import { registerBullBoard } from './bull-board.js';
import { renderPage, type DashboardContext } from './dashboard-context.js';
import type { DashboardDeps } from './dashboard-deps.js';
import { NewsroomTime } from './newsroom-time.js';
import { adminRoutes } from './routes/admin-routes.js';
import { articleRoutes } from './routes/article-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { postRoutes } from './routes/post-routes.js';
import { queueRoutes } from './routes/queue-routes.js';
import { signInRoutes } from './routes/sign-in-routes.js';
import { requireEditor } from './session.js';

// Views and CSS sit beside this module in src/dashboard/, and in dist/dashboard/ for a build
// (scripts/copy-assets.mjs). A build bundles this module into dist/chunks/, one level below dist/
// as src/dashboard/ is below src/, so the same relative path finds them from either.
const assets = fileURLToPath(new URL('../dashboard/', import.meta.url));
const htmxDir = join(dirname(createRequire(import.meta.url).resolve('htmx.org/package.json')), 'dist');

/** 32 bytes for the cookie box from the configured secret; HKDF so the secret's own format does not matter. */
export function sessionKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'crier-dashboard', 'session-cookie', 32));
}

function errorPage(ctx: DashboardContext) {
  return async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error.code?.startsWith('FST_CSRF')) {
      return renderPage(ctx, request, reply, 'error', {
        title: 'Form expired',
        message: 'This form was not accepted: it came from an old page or another site. Reload the page and try again.',
      }, 403);
    }
    if (error instanceof PostNotFoundError || error instanceof ArticleNotFoundError) {
      return renderPage(ctx, request, reply, 'error', { title: 'Not found', message: 'There is no such post. It may have been removed.' }, 404);
    }
    if (error instanceof ZodError) {
      const fields = error.issues.map((i) => `${i.path.join('.') || 'form'}: ${i.message}`).join('; ');
      return renderPage(ctx, request, reply, 'error', { title: 'Bad form', message: `The form was not understood (${fields}).` }, 400);
    }
    if (error.statusCode && error.statusCode < 500) {
      return renderPage(ctx, request, reply, 'error', { title: 'Not accepted', message: error.message }, error.statusCode);
    }
    // Without Redis no page can be drawn (each one reads posts and the session's editor), so a plain one says why.
    if (!ctx.app.redisReady()) {
      return reply
        .code(503)
        .header('retry-after', '5')
        .type('text/html; charset=utf-8')
        .send('<!doctype html><html lang="en"><title>Unavailable · crier</title><main><h1>crier cannot reach its database</h1><p>Try again in a few seconds; if your change does not show then, make it again.</p></main></html>');
    }
    reply.log.error({ err: error }, 'dashboard error');
    return reply.code(500).type('text/html; charset=utf-8').send('<!doctype html><html lang="en"><title>Error · crier</title><p>Something went wrong on the server. Try again; if it keeps happening, tell the tech desk.</p>');
  };
}

function requireAdmin(request: FastifyRequest, reply: FastifyReply, ctx: DashboardContext) {
  if (request.editor?.role === 'admin') return undefined;
  return renderPage(ctx, request, reply, 'error', { title: 'Admins only', message: 'This page is for admins. Ask an admin if you need it.' }, 403);
}

/**
 * The social desk's pages, server-rendered in the same app as the APIs: plain forms that work
 * without JavaScript, htmx for the live parts (queue polling, counts while typing).
 */
export async function dashboardPlugin(root: FastifyInstance, options: { app: AppDeps; dash: DashboardDeps }): Promise<void> {
  const { app, dash } = options;
  const secret = dash.settings.sessionSecret;
  if (!secret) {
    root.get('/', async (_request, reply) =>
      reply.code(503).type('text/plain; charset=utf-8').send('The dashboard is off: set SESSION_SECRET (at least 32 characters) and restart.\n'),
    );
    return;
  }
  const maxAge = dash.settings.sessionMaxAgeSeconds;
  const ctx: DashboardContext = { app, dash, time: new NewsroomTime(dash.settings.timeZone), actions: new PostActions(app.store, app.queues, app.editLog) };

  await root.register(formbody, { bodyLimit: 256 * 1024 });
  await root.register(secureSession, {
    key: sessionKey(secret),
    cookieName: 'crier_session',
    // The library's own limit is a backstop an hour past ours, so an expired sign-in still gets a
    // page that says so rather than a bare sign-in form.
    expiry: maxAge + 3600,
    cookie: { path: '/', httpOnly: true, secure: true, sameSite: 'lax', maxAge: maxAge + 3600 },
  });
  await root.register(csrfProtection, {
    sessionPlugin: '@fastify/secure-session',
    getToken: (request) => {
      const body = request.body as { _csrf?: unknown } | undefined;
      const header = request.headers['x-csrf-token'];
      return typeof body?._csrf === 'string' ? body._csrf : typeof header === 'string' ? header : '';
    },
  });
  const needEditor = requireEditor(dash.editors, dash.sessions, maxAge);

  await root.register(async (pages) => {
    await pages.register(view, {
      engine: { liquid: new Liquid({ root: join(assets, 'views'), extname: '.liquid', outputEscape: 'escape', cache: true }) },
      root: join(assets, 'views'),
    });
    await pages.register(fastifyStatic, { root: join(assets, 'public'), prefix: '/assets/', index: false });
    await pages.register(fastifyStatic, { root: htmxDir, prefix: '/assets/htmx/', decorateReply: false, index: false, allowedPath: (p) => p === '/htmx.min.js' });
    pages.setErrorHandler(errorPage(ctx));

    await pages.register(async (signIn) => signInRoutes(signIn, ctx));

    await pages.register(async (editor) => {
      editor.addHook('preHandler', needEditor);
      editor.addHook('preHandler', (request, reply, done) => (request.method === 'POST' ? editor.csrfProtection(request, reply, done) : done()));
      queueRoutes(editor, ctx);
      postRoutes(editor, ctx);
      articleRoutes(editor, ctx);
      healthRoutes(editor, ctx);
      await editor.register(async (admin) => {
        admin.addHook('preHandler', async (request, reply) => requireAdmin(request, reply, ctx));
        adminRoutes(admin, ctx);
      });
    });
  });

  await root.register(async (board) => {
    board.addHook('preHandler', needEditor);
    board.addHook('preHandler', async (request, reply) => {
      if (request.editor?.role !== 'admin') return reply.code(403).type('text/plain; charset=utf-8').send('Admins only.\n');
      return undefined;
    });
    await registerBullBoard(board, app.queues, dash.accounts);
  });
}
