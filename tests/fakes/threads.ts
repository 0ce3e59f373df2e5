import { FaultQueue, sendFault, sendJson, startLoopbackServer, type LoopbackServer } from './loopback-server.js';

export interface ThreadsContainer {
  id: string;
  params: Record<string, string>;
  status: 'FINISHED' | 'PUBLISHED' | 'EXPIRED' | 'ERROR' | 'IN_PROGRESS';
  mediaId?: string;
}

export interface ThreadsMedia {
  id: string;
  containerId: string;
  params: Record<string, string>;
}

export interface FakeThreads {
  url: string;
  server: LoopbackServer;
  containers: ThreadsContainer[];
  /** Published posts in order: what a reader of the profile would see. */
  published: ThreadsMedia[];
  deleted: string[];
  faults: FaultQueue;
  close(): Promise<void>;
}

const graphError = (message: string, type: string, code: number, subcode?: number) => ({
  error: { message, type, code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: 'AbCdEf' },
});

/**
 * The Threads Graph API as documented (developers.facebook.com/docs/threads): POST /v1.0/{user-id}/threads
 * creates a container (media_type TEXT|IMAGE, text, image_url, alt_text, reply_to_id, link_attachment),
 * POST /v1.0/{user-id}/threads_publish?creation_id= publishes it, GET /v1.0/{container-id}?fields=status
 * reports FINISHED/PUBLISHED/EXPIRED/ERROR/IN_PROGRESS, GET /v1.0/{media-id}?fields=permalink,
 * DELETE /v1.0/{media-id}, GET /v1.0/me?fields=id,username. Errors: {error:{message,type,code,error_subcode,fbtrace_id}}; a bad token is
 * OAuthException code 190. Publishing an already published container is refused (code 100).
 */
export async function startFakeThreads(options: { userId: string; token: string; username?: string }): Promise<FakeThreads> {
  const containers: ThreadsContainer[] = [];
  const published: ThreadsMedia[] = [];
  const deleted: string[] = [];
  const faults = new FaultQueue();
  let next = 17_800_000_000_000;

  const server = await startLoopbackServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${options.token}`) {
      return sendJson(res, 400, graphError('Invalid OAuth access token - Cannot parse access token', 'OAuthException', 190));
    }
    const fault = faults.take(req);
    if (fault?.kind === 'respond') return sendFault(res, fault);
    const [path = '', query = ''] = req.url.split('?');
    const params = Object.fromEntries(new URLSearchParams(query));
    Object.assign(params, Object.fromEntries(new URLSearchParams(req.body)));
    const parts = path.split('/').filter(Boolean);
    if (parts[0] !== 'v1.0') return sendJson(res, 404, graphError('Unknown path components', 'OAuthException', 2500));
    if (req.method === 'GET' && parts[1] === 'me' && parts.length === 2) return sendJson(res, 200, { id: options.userId, username: options.username ?? 'crier' });

    if (req.method === 'POST' && parts[1] === options.userId && parts[2] === 'threads') {
      if (params.media_type !== 'TEXT' && params.media_type !== 'IMAGE') return sendJson(res, 400, graphError('Invalid parameter', 'THApiException', 100));
      if (params.media_type === 'TEXT' && !params.text) return sendJson(res, 400, graphError('Param text is required for TEXT posts', 'THApiException', 100));
      if (params.media_type === 'IMAGE' && !params.image_url) return sendJson(res, 400, graphError('Param image_url is required', 'THApiException', 100));
      if ((params.text ?? '').length > 500) return sendJson(res, 400, graphError('The post text is too long', 'THApiException', 100, 4279009));
      if (params.reply_to_id && !published.some((m) => m.id === params.reply_to_id)) {
        return sendJson(res, 400, graphError('The reply target does not exist', 'THApiException', 100));
      }
      const id = String(next++);
      containers.push({ id, params, status: 'FINISHED' });
      return sendJson(res, 200, { id });
    }
    if (req.method === 'POST' && parts[1] === options.userId && parts[2] === 'threads_publish') {
      const container = containers.find((c) => c.id === params.creation_id);
      if (!container) return sendJson(res, 400, graphError('Invalid parameter', 'THApiException', 100, 33));
      if (container.status !== 'FINISHED') return sendJson(res, 400, graphError(`The media is ${container.status.toLowerCase()}`, 'THApiException', 100, 2207008));
      const id = String(next++);
      container.status = 'PUBLISHED';
      container.mediaId = id;
      published.push({ id, containerId: container.id, params: container.params });
      if (fault?.kind === 'accept-then-hang') return;
      return sendJson(res, 200, { id });
    }
    const id = parts[1] ?? '';
    const container = containers.find((c) => c.id === id);
    const media = published.find((m) => m.id === id && !deleted.includes(m.id));
    if (req.method === 'GET' && container) return sendJson(res, 200, { id, status: container.status });
    if (req.method === 'GET' && media) return sendJson(res, 200, { id, permalink: `https://www.threads.net/@${options.username ?? 'crier'}/post/P${id}` });
    if (req.method === 'DELETE' && media) {
      deleted.push(id);
      return sendJson(res, 200, { success: true });
    }
    return sendJson(res, 400, graphError(`Object with ID '${id}' does not exist`, 'THApiException', 100, 33));
  });
  return { url: server.url, server, containers, published, deleted, faults, close: () => server.close() };
}
