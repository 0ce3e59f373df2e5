import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  CrierError,
  InvalidScheduleError,
  InvalidStateError,
  InvalidTransitionError,
  PartsInvalidError,
  PostNotFoundError,
  VersionConflictError,
  type PartIssue,
} from '../../domain/errors/index.js';
import { REVIEW_ACTIONS, type ReviewAction } from '../../http/post-actions.js';
import type { PostRecord } from '../../posts/post.js';
import { renderPage, redirectWith, type DashboardContext } from '../dashboard-context.js';
import { historyLines } from '../history-model.js';
import { countPart } from '../part-count.js';
import { previewOf } from '../post-preview.js';
import { STATE_LABELS } from '../post-words.js';
import { rowOf } from '../queue-model.js';
import { actor } from '../session.js';

type Params = { Params: { id: string } };

const texts = z.union([z.string(), z.array(z.string())]).optional();
const editForm = z.object({ version: z.coerce.number().int().min(1), part: texts, new_part: z.string().optional() });
const actionForm = z.object({ version: z.coerce.number().int().min(1).optional(), reason: z.string().max(500).optional() });
const rescheduleForm = z.object({ version: z.coerce.number().int().min(1).optional(), at: z.string().max(40).default('') });
const countForm = z.object({ part: texts, index: z.coerce.number().int().min(0).max(50).default(0) });

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Browsers send textarea line ends as CRLF; the platforms count LF. */
const lf = (s: string) => s.replace(/\r\n?/g, '\n');

const DONE: Record<ReviewAction, string> = {
  approve: 'Approved: it goes out at its time.',
  reject: 'Rejected.',
  cancel: 'Cancelled: it will not go out.',
  hold: 'Held for review: it will not go out until someone approves it.',
  retry: 'Queued again: it resumes after the parts that went out.',
};

/** Which actions the post's state allows, so the page offers only those. */
function allowed(post: PostRecord): Record<string, boolean> {
  const s = post.state;
  return {
    edit: s === 'pending_review' || s === 'scheduled',
    approve: s === 'pending_review',
    reject: s === 'pending_review',
    cancel: s === 'pending_review' || s === 'scheduled',
    hold: s === 'scheduled' || s === 'failed',
    retry: s === 'failed' || s === 'partially_published',
    reschedule: s === 'scheduled' || s === 'pending_review',
    retract: s === 'published' || s === 'partially_published',
  };
}

interface PageExtras {
  /** The texts the editor sent, kept when the save was refused. */
  texts?: string[];
  issues?: PartIssue[];
  conflict?: string;
  problem?: string;
}

export async function renderPost(
  ctx: DashboardContext,
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  extras: PageExtras = {},
  status = 200,
): Promise<FastifyReply> {
  const { store } = ctx.app;
  const post = await store.get(id);
  const [history, edits, siblings] = await Promise.all([
    store.history(id),
    ctx.app.editLog?.list(id) ?? Promise.resolve([]),
    store.list({ articleId: post.articleId, limit: 50 }),
  ]);
  const profile = ctx.app.store.profileOf(post);
  const preview = previewOf(post, profile);
  const editing = extras.conflict ? undefined : extras.texts;
  const issueFor = (index: number) => extras.issues?.filter((i) => i.index === index).map((i) => i.message).join('; ');
  return renderPage(ctx, request, reply, 'post', {
    title: `${preview.platformLabel} post: ${post.draft.link.title || post.articleId}`,
    nav: 'queue',
    post,
    row: rowOf(post, ctx.time, Date.now()),
    stateLabel: STATE_LABELS[post.state],
    preview,
    form: (editing ?? post.draft.parts.map((p) => p.text)).map((text, index) => ({
      index,
      number: index + 1,
      text,
      count: countPart(profile, text, index, post.draft.media.length > 0),
      issue: issueFor(index),
    })),
    generalIssues: extras.issues?.filter((i) => i.index === undefined).map((i) => i.message),
    conflict: extras.conflict,
    refusedTexts: extras.conflict ? extras.texts : undefined,
    problem: extras.problem,
    can: allowed(post),
    scheduledLocal: ctx.time.toLocalInput(post.scheduledAt),
    scheduledShown: ctx.time.format(post.scheduledAt),
    history: historyLines(history, edits, ctx.time),
    others: siblings.posts.filter((p) => p.id !== post.id).map((p) => ({ id: p.id, state: STATE_LABELS[p.state], preview: previewOf(p, ctx.app.store.profileOf(p)) })),
  }, status);
}

/**
 * What an editor's change ran into, shown on the post page in words: someone else's change (the
 * version moved on), a state that no longer allows it, texts over the limit.
 */
async function refused(ctx: DashboardContext, request: FastifyRequest, reply: FastifyReply, id: string, error: unknown, texts?: string[]) {
  if (error instanceof VersionConflictError) {
    const current = await ctx.app.store.get(id);
    const who = (await ctx.app.store.history(id)).at(-1);
    const conflict = `Someone else changed this post while you had it open${who ? ` (${who.by}, ${ctx.time.format(who.at)})` : ''}. Your change was not saved. The page now shows the post as it is${texts ? '; your text is below so you can copy it back' : ''}. It is ${STATE_LABELS[current.state].toLowerCase()} now.`;
    return renderPost(ctx, request, reply, id, { conflict, texts }, 409);
  }
  if (error instanceof InvalidStateError || error instanceof InvalidTransitionError) {
    const current = await ctx.app.store.get(id);
    return renderPost(ctx, request, reply, id, { problem: `That cannot be done now: the post is ${STATE_LABELS[current.state].toLowerCase()}.`, texts }, 409);
  }
  if (error instanceof InvalidScheduleError) {
    return renderPost(ctx, request, reply, id, { problem: `Not rescheduled: ${error.message.replace(/^cannot schedule post \S+ for \S+: /, '')}.` }, 422);
  }
  if (error instanceof PartsInvalidError) {
    return renderPost(ctx, request, reply, id, { issues: error.issues, texts, problem: 'Not saved: fix the parts marked below.' }, 422);
  }
  // Anything else crier refuses on purpose (a platform that cannot delete, …) says why in its message.
  if (error instanceof CrierError && !(error instanceof PostNotFoundError)) {
    return renderPost(ctx, request, reply, id, { problem: `Not done: ${error.message}`, texts }, 409);
  }
  throw error;
}

export function postRoutes(scope: FastifyInstance, ctx: DashboardContext): void {
  scope.get<Params>('/posts/:id', async (request, reply) => renderPost(ctx, request, reply, request.params.id));

  scope.post<Params>('/posts/:id/edit', async (request, reply) => {
    const form = editForm.parse(request.body ?? {});
    const sent = asList(form.part).map(lf);
    if (form.new_part && form.new_part.trim() !== '') sent.push(lf(form.new_part));
    // Clearing a part removes it; a post keeps at least one (validation says so when all are empty).
    const kept = sent.filter((t) => t.trim() !== '');
    const parts = kept.length > 0 ? kept : sent;
    try {
      await ctx.actions.edit(request.params.id, parts, { by: actor(request), version: form.version });
    } catch (error) {
      return refused(ctx, request, reply, request.params.id, error, parts);
    }
    return redirectWith(request, reply, `/posts/${request.params.id}`, 'Saved.');
  });

  scope.post<Params>('/posts/:id/count', async (request, reply) => {
    const form = countForm.parse(request.body ?? {});
    const post = await ctx.app.store.get(request.params.id);
    const text = lf(asList(form.part)[form.index] ?? '');
    const count = countPart(ctx.app.store.profileOf(post), text, form.index, post.draft.media.length > 0);
    return reply.type('text/html; charset=utf-8').view('count', { count, index: form.index });
  });

  for (const name of REVIEW_ACTIONS) {
    scope.post<Params>(`/posts/:id/${name}`, async (request, reply) => {
      const form = actionForm.parse(request.body ?? {});
      const reason = form.reason?.trim() || undefined;
      if (name === 'reject' && !reason) {
        return renderPost(ctx, request, reply, request.params.id, { problem: 'Say why you reject it: the reason goes into the history.' }, 422);
      }
      try {
        await ctx.actions.run(name, request.params.id, { by: actor(request), version: form.version, reason });
      } catch (error) {
        return refused(ctx, request, reply, request.params.id, error);
      }
      return redirectWith(request, reply, `/posts/${request.params.id}`, DONE[name]);
    });
  }

  scope.post<Params>('/posts/:id/reschedule', async (request, reply) => {
    const form = rescheduleForm.parse(request.body ?? {});
    const at = ctx.time.fromLocalInput(form.at);
    if (!at) return renderPost(ctx, request, reply, request.params.id, { problem: 'Pick a date and time to reschedule to.' }, 422);
    if (Date.parse(at) < Date.now() - 60_000) {
      return renderPost(ctx, request, reply, request.params.id, { problem: `${ctx.time.format(at)} has passed: pick a time to come, or approve it to go now.` }, 422);
    }
    try {
      await ctx.actions.reschedule(request.params.id, at, { by: actor(request), version: form.version });
    } catch (error) {
      return refused(ctx, request, reply, request.params.id, error);
    }
    return redirectWith(request, reply, `/posts/${request.params.id}`, `Rescheduled to ${ctx.time.format(at)} (${ctx.time.timeZone}).`);
  });

  scope.post<Params>('/posts/:id/retract', async (request, reply) => {
    const form = actionForm.parse(request.body ?? {});
    try {
      await ctx.app.lifecycle.retractPost(request.params.id, actor(request), form.reason?.trim() || undefined);
    } catch (error) {
      return refused(ctx, request, reply, request.params.id, error);
    }
    return redirectWith(request, reply, `/posts/${request.params.id}`, 'Retraction started: every part that went out is being deleted.');
  });
}
