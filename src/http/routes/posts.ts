import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isPostState, POST_STATES, type PostRecord, type PostState } from '../../posts/post.js';
import { InvalidStateError } from '../../domain/errors/index.js';
import type { AppDeps } from '../app-deps.js';
import { editorAuth, editorName } from '../editor-auth.js';

const listQuery = z.object({
  state: z.string().refine(isPostState, { message: `must be one of ${POST_STATES.join(', ')}` }).optional(),
  article: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().optional(),
});
const versionBody = z.object({ version: z.number().int().min(1).optional(), reason: z.string().max(500).optional() });
const editBody = z.object({ version: z.number().int().min(1), parts: z.array(z.string()).min(1).max(25) });
const rescheduleBody = z.object({ version: z.number().int().min(1).optional(), at: z.iso.datetime({ offset: true }) });

/** zod's issues as `{ field, message }`, the same shape the article intake uses. */
export class BodyError extends Error {
  constructor(readonly issues: { field: string; message: string }[]) {
    super(`invalid request: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw new BodyError(result.error.issues.map((i) => ({ field: i.path.join('.') || '(root)', message: i.message })));
}

function jsonBody(request: FastifyRequest): unknown {
  if (typeof request.body !== 'string' || request.body.trim() === '') return {};
  try {
    return JSON.parse(request.body) as unknown;
  } catch {
    throw new BodyError([{ field: '(root)', message: 'body is not valid JSON' }]);
  }
}

/** The editor API: list, show, edit, approve, reject, cancel, hold, retry, reschedule. */
export function postRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { store, queues } = deps;

  app.register(async (editor) => {
    editor.addHook('onRequest', editorAuth(deps.config.editorToken));

    editor.get('/v1/posts', async (request) => {
      const q = parse(listQuery, request.query);
      const page = await store.list({ state: q.state as PostState | undefined, articleId: q.article, limit: q.limit, cursor: q.cursor });
      return { posts: page.posts, nextCursor: page.nextCursor ?? null };
    });

    editor.get<{ Params: { id: string } }>('/v1/posts/:id', async (request) => {
      const post = await store.get(request.params.id);
      return { post, history: await store.history(post.id) };
    });

    editor.patch<{ Params: { id: string } }>('/v1/posts/:id', async (request) => {
      const body = parse(editBody, jsonBody(request));
      const post = await store.editParts(request.params.id, body.parts, { by: editorName(request), expectedVersion: body.version });
      return { post };
    });

    const action = (
      name: string,
      run: (post: PostRecord, body: z.infer<typeof versionBody>, request: FastifyRequest) => Promise<PostRecord>,
    ) =>
      editor.post<{ Params: { id: string } }>(`/v1/posts/:id/${name}`, async (request) => {
        const body = parse(versionBody, jsonBody(request));
        const post = await store.get(request.params.id);
        return { post: await run(post, body, request) };
      });

    const nowIso = () => new Date().toISOString();
    // The state machine allows scheduled → scheduled (a worker hands a post back to wait) and
    // pending_review → scheduled; each editor action is narrower than that.
    const requireState = (post: PostRecord, action: string, allowed: readonly PostState[]) => {
      if (!allowed.includes(post.state)) throw new InvalidStateError(post.id, post.state, action);
    };

    action('approve', async (post, body, request) => {
      requireState(post, 'approve', ['pending_review']);
      const next = await store.transition(post.id, 'scheduled', {
        by: editorName(request), reason: body.reason ?? 'approved', expectedVersion: body.version,
        patch: { scheduledAt: post.scheduledAt && post.scheduledAt > nowIso() ? post.scheduledAt : nowIso() },
      });
      await queues.schedule(next);
      return next;
    });
    action('reject', async (post, body, request) =>
      store.transition(post.id, 'rejected', { by: editorName(request), reason: body.reason, expectedVersion: body.version }),
    );
    action('cancel', async (post, body, request) => {
      const next = await store.transition(post.id, 'cancelled', { by: editorName(request), reason: body.reason, expectedVersion: body.version });
      await queues.unschedule(next);
      return next;
    });
    action('hold', async (post, body, request) => {
      const next = await store.transition(post.id, 'pending_review', { by: editorName(request), reason: body.reason ?? 'held for review', expectedVersion: body.version });
      await queues.unschedule(next);
      return next;
    });
    action('retry', async (post, body, request) => {
      requireState(post, 'retry', ['failed', 'partially_published']);
      const next = await store.transition(post.id, 'scheduled', {
        by: editorName(request), reason: body.reason ?? 'retry', expectedVersion: body.version,
        patch: { scheduledAt: nowIso(), lastError: null },
      });
      await queues.schedule(next);
      return next;
    });

    editor.post<{ Params: { id: string } }>('/v1/posts/:id/reschedule', async (request) => {
      const body = parse(rescheduleBody, jsonBody(request));
      const post = await store.get(request.params.id);
      requireState(post, 'reschedule', ['scheduled']);
      const next = await store.transition(post.id, 'scheduled', {
        by: editorName(request), reason: `rescheduled to ${body.at}`, expectedVersion: body.version,
        patch: { scheduledAt: body.at },
      });
      await queues.schedule(next);
      return { post: next };
    });
  });
}
