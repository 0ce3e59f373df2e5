import { afterEach, describe, expect, it } from 'vitest';
import { fetchOverRequest } from '../../../src/platforms/http/fetch-over-request.js';
import { networkErrorCode, requestNeverLeft } from '../../../src/platforms/http/network-errors.js';
import { startLoopbackServer, type LoopbackServer } from '../../fakes/loopback-server.js';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('fetchOverRequest', () => {
  it('sends a Request as the Bluesky agent builds it: method, headers and body, and answers with a Response', async () => {
    server = await startLoopbackServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ uri: 'at://did:plc:x/app.bsky.feed.post/1' }));
    });
    const request = new Request(`${server.url}/xrpc/com.atproto.repo.putRecord`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer token-1' },
      body: JSON.stringify({ text: 'hello' }),
    });
    const response = await fetchOverRequest(request);
    expect([response.status, response.headers.get('Content-Type'), await response.json()]).toEqual([200, 'application/json', { uri: 'at://did:plc:x/app.bsky.feed.post/1' }]);
    const [seen] = server.requests;
    expect([seen?.method, seen?.url, seen?.headers.authorization, seen?.body]).toEqual(['POST', '/xrpc/com.atproto.repo.putRecord', 'Bearer token-1', '{"text":"hello"}']);
  });

  it('takes a URL with init, bytes as the body', async () => {
    server = await startLoopbackServer((_req, res) => void res.end('ok'));
    const bytes = new Uint8Array([1, 2, 3]);
    const response = await fetchOverRequest(new URL(`${server.url}/blob`), { method: 'post', headers: [['content-type', 'image/png']], body: bytes });
    expect(await response.text()).toBe('ok');
    expect([server.requests[0]?.method, server.requests[0]?.headers['content-type'], server.requests[0]?.headers['content-length']]).toEqual(['POST', 'image/png', '3']);
  });

  it('answers without a body where the status has none, and leaves a redirect unfollowed', async () => {
    server = await startLoopbackServer((req, res) => {
      if (req.url === '/empty') return void res.writeHead(204).end();
      res.writeHead(302, { location: 'http://127.0.0.1:9/elsewhere' }).end('moved');
    });
    const empty = await fetchOverRequest(`${server.url}/empty`);
    expect([empty.status, empty.body]).toEqual([204, null]);
    const moved = await fetchOverRequest(`${server.url}/moved`, { headers: { authorization: 'Bearer secret' } });
    expect([moved.status, moved.headers.get('location'), server.requests.length]).toEqual([302, 'http://127.0.0.1:9/elsewhere', 2]);
  });

  it('a refused connection rejects with a code that says the request never left', async () => {
    server = await startLoopbackServer(() => undefined);
    const url = server.url;
    await server.close();
    server = undefined;
    const error: unknown = await fetchOverRequest(url).catch((e: unknown) => e);
    expect([networkErrorCode(error), requestNeverLeft(error)]).toEqual(['ECONNREFUSED', true]);
  });

  it('an aborted signal stops the call', async () => {
    server = await startLoopbackServer(() => undefined);
    const controller = new AbortController();
    const pending = fetchOverRequest(server.url, { signal: controller.signal });
    controller.abort(new DOMException('stop', 'AbortError'));
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
