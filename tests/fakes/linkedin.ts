import { FaultQueue, sendFault, sendJson, startLoopbackServer, type LoopbackServer } from './loopback-server.js';

export interface LinkedInPost {
  urn: string;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

export interface FakeLinkedIn {
  url: string;
  server: LoopbackServer;
  posts: LinkedInPost[];
  deleted: string[];
  /** Images uploaded through initializeUpload + PUT, by URN. */
  images: Map<string, { bytes: number; contentType: string | undefined }>;
  faults: FaultQueue;
  close(): Promise<void>;
}

/**
 * LinkedIn's versioned REST API as documented (learn.microsoft.com/linkedin/marketing): POST /rest/posts
 * needs Authorization: Bearer, Linkedin-Version: YYYYMM and X-Restli-Protocol-Version: 2.0.0; answers
 * 201 with the post URN in x-restli-id. Errors are {status, message, serviceErrorCode?}: 401 invalid
 * token (65600), 403 not permitted, 422 validation, 426 version missing/retired, 429 throttled.
 * POST /rest/images?action=initializeUpload answers {value:{uploadUrl, image}}; PUT the bytes to uploadUrl.
 * GET /v2/userinfo (OpenID Connect) answers {sub, name}.
 */
export async function startFakeLinkedIn(options: { token: string }): Promise<FakeLinkedIn> {
  const posts: LinkedInPost[] = [];
  const deleted: string[] = [];
  const images = new Map<string, { bytes: number; contentType: string | undefined }>();
  const faults = new FaultQueue();
  let next = 7_100_000_000_000;

  const server = await startLoopbackServer((req, res) => {
    const [path = ''] = req.url.split('?');
    if (req.method === 'PUT' && path.startsWith('/upload/')) {
      const urn = decodeURIComponent(path.slice('/upload/'.length));
      if (!images.has(urn)) return sendJson(res, 404, { status: 404, message: 'Unknown upload' });
      images.set(urn, { bytes: Buffer.byteLength(req.body, 'latin1'), contentType: req.headers['content-type'] });
      res.writeHead(201).end();
      return;
    }
    if (req.headers.authorization !== `Bearer ${options.token}`) {
      return sendJson(res, 401, { status: 401, serviceErrorCode: 65600, code: 'INVALID_ACCESS_TOKEN', message: 'Invalid access token' });
    }
    // OpenID Connect userinfo is outside the versioned REST API: no Linkedin-Version needed.
    if (req.method === 'GET' && path === '/v2/userinfo') {
      const fault = faults.take(req);
      if (fault?.kind === 'respond') return sendFault(res, fault);
      return sendJson(res, 200, { sub: 'abc123', name: 'Newsroom Social', email_verified: true });
    }
    if (!/^\d{6}$/.test(String(req.headers['linkedin-version'] ?? ''))) {
      return sendJson(res, 426, { status: 426, code: 'NONEXISTENT_VERSION', message: 'Requested version is not active' });
    }
    if (req.headers['x-restli-protocol-version'] !== '2.0.0') return sendJson(res, 400, { status: 400, message: 'Restli protocol 2.0.0 required' });
    const fault = faults.take(req);
    if (fault?.kind === 'respond') return sendFault(res, fault);

    if (req.method === 'POST' && req.url === '/rest/images?action=initializeUpload') {
      const urn = `urn:li:image:C4E${next++}`;
      images.set(urn, { bytes: 0, contentType: undefined });
      return sendJson(res, 200, { value: { uploadUrlExpiresAt: 1756188000000, uploadUrl: `${server.url}/upload/${encodeURIComponent(urn)}`, image: urn } });
    }
    if (req.method === 'POST' && path === '/rest/posts') {
      const body = JSON.parse(req.body) as Record<string, unknown>;
      if (typeof body.author !== 'string' || typeof body.commentary !== 'string' || body.lifecycleState !== 'PUBLISHED') {
        return sendJson(res, 422, { status: 422, message: 'ERROR :: /commentary :: field is required but not found and has no default value' });
      }
      if (body.commentary.length > 3000) return sendJson(res, 422, { status: 422, message: 'ERROR :: /commentary :: length exceeds 3000' });
      const urn = `urn:li:share:${next++}`;
      posts.push({ urn, body, headers: req.headers });
      if (fault?.kind === 'accept-then-hang') return;
      res.writeHead(201, { 'x-restli-id': urn, 'x-linkedin-id': urn });
      res.end();
      return;
    }
    if (req.method === 'DELETE' && path.startsWith('/rest/posts/')) {
      const urn = decodeURIComponent(path.slice('/rest/posts/'.length));
      if (!posts.some((p) => p.urn === urn) || deleted.includes(urn)) return sendJson(res, 404, { status: 404, message: 'Not found' });
      deleted.push(urn);
      res.writeHead(204).end();
      return;
    }
    return sendJson(res, 404, { status: 404, message: 'No resource found' });
  });
  return { url: server.url, server, posts, deleted, images, faults, close: () => server.close() };
}
