import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EditorStore } from '../editors/editor-store.js';
import type { SessionRegistry } from '../editors/session-registry.js';
import type { Editor } from '../editors/editor.js';

declare module '@fastify/secure-session' {
  interface SessionData {
    editor: string;
    /** Its entry in the SessionRegistry: gone after sign-out, so a copied cookie stops working too. */
    sid: string;
    /** Epoch ms of the sign-in: the session ends SESSION_MAX_AGE_SECONDS later, whatever the cookie says. */
    signedInAt: number;
    /** One line for the next page ("Approved."), then gone. */
    flash: string;
    _csrf: string;
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    editor?: Editor;
  }
}

/** Only paths on this site, so a crafted `next` cannot send an editor elsewhere after sign-in. */
export function safeNext(raw: unknown): string {
  return typeof raw === 'string' && /^\/(?!\/)[^\s\\]*$/.test(raw) && !raw.startsWith('/sign-') ? raw : '/';
}

/**
 * The signed-in editor, re-read from Redis on every request: a removed editor or a changed role
 * takes effect at once, not when the cookie expires.
 */
export function requireEditor(editors: EditorStore, sessions: SessionRegistry, maxAgeSeconds: number) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const name = request.session.get('editor');
    const signedInAt = request.session.get('signedInAt');
    const next = encodeURIComponent(request.method === 'GET' && !request.headers['hx-request'] ? request.url : '/');
    if (!name || typeof signedInAt !== 'number') return toSignIn(request, reply, `/sign-in?next=${next}`);
    if (signedInAt + maxAgeSeconds * 1000 <= Date.now()) {
      request.session.delete();
      return toSignIn(request, reply, `/sign-in?expired=1&next=${next}`);
    }
    const sid = request.session.get('sid');
    const [editor, open] = await Promise.all([editors.get(name), typeof sid === 'string' ? sessions.isOpen(sid, name) : false]);
    if (!editor || !open) {
      request.session.delete();
      return toSignIn(request, reply, '/sign-in');
    }
    request.editor = editor;
  };
}

/** htmx swaps whatever a fragment request returns, so it is told to load the sign-in page instead. */
async function toSignIn(request: FastifyRequest, reply: FastifyReply, url: string): Promise<void> {
  if (request.headers['hx-request']) {
    await reply.code(401).header('hx-redirect', url).send('');
    return;
  }
  await reply.redirect(url, 303);
}

/** Recorded in the post history as who did it. */
export function actor(request: FastifyRequest): string {
  return `editor:${request.editor?.name ?? 'unknown'}`;
}
