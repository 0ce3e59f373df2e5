import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isPostId, isPostState, POST_STATES, type PostState } from '../../posts/post.js';
import { PostNotFoundError } from '../../domain/errors/index.js';
import { PostActions, REVIEW_ACTIONS } from '../post-actions.js';
import type { AppDeps } from '../app-deps.js';
import { editorAuth, editorName } from '../editor-auth.js';
import { jsonBody, parse } from '../request-body.js';

export { BodyError } from '../request-body.js';

const listQuery = z.object({
  state: z.string().refine(isPostState, { message: `must be one of ${POST_STATES.join(', ')}` }).optional(),
  article: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().optional(),
});
const versionBody = z.object({ version: z.number().int().min(1).optional(), reason: z.string().max(500).optional() });
// Parts as strings, or as GET returns them ({ text, length, limit }: only `text` counts, the rest is re-measured).
const partInput = z.union([z.string(), z.object({ text: z.string() })]);
const editBody = z.object({ version: z.number().int().min(1), parts: z.array(partInput).min(1).max(25) });
const rescheduleBody = z.object({ version: z.number().int().min(1).optional(), at: z.iso.datetime({ offset: true }) });

/** The editor API: list, show, edit, approve, reject, cancel, hold, retry, reschedule. */
export function postRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { store, queues } = deps;
  const actions = new PostActions(store, queues, deps.editLog);

  app.register(async (editor) => {
    editor.addHook('onRequest', editorAuth(deps.config.editorToken));
    // Before any Redis access: an id is also a key name, and `p_…:history` names the history list.
    editor.addHook('onRequest', async (request) => {
      const { id } = request.params as { id?: string };
      if (id !== undefined && !isPostId(id)) throw new PostNotFoundError(id);
    });

    editor.get('/v1/posts', async (request) => {
      const q = parse(listQuery, request.query);
      const page = await store.list({ state: q.state as PostState | undefined, articleId: q.article, limit: q.limit, cursor: q.cursor });
      return { posts: page.posts, nextCursor: page.nextCursor ?? null };
    });

    editor.get<{ Params: { id: string } }>('/v1/posts/:id', async (request) => {
      const post = await store.get(request.params.id);
      // Texts before and after each edit, beside the history that says who edited and when.
      return { post, history: await store.history(post.id), edits: (await deps.editLog?.list(post.id)) ?? [] };
    });

    editor.patch<{ Params: { id: string } }>('/v1/posts/:id', async (request) => {
      const body = parse(editBody, jsonBody(request));
      const texts = body.parts.map((part) => (typeof part === 'string' ? part : part.text));
      const post = await actions.edit(request.params.id, texts, { by: editorName(request), version: body.version });
      return { post };
    });

    for (const name of REVIEW_ACTIONS) {
      editor.post<{ Params: { id: string } }>(`/v1/posts/:id/${name}`, async (request) => {
        const body = parse(versionBody, jsonBody(request));
        return { post: await actions.run(name, request.params.id, { by: editorName(request), version: body.version, reason: body.reason }) };
      });
    }

    editor.post<{ Params: { id: string } }>('/v1/posts/:id/reschedule', async (request) => {
      const body = parse(rescheduleBody, jsonBody(request));
      return { post: await actions.reschedule(request.params.id, body.at, { by: editorName(request), version: body.version }) };
    });
  });
}
