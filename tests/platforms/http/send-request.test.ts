import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sendRequest } from '../../../src/platforms/http/send-request.js';
import { errorForStatus } from '../../../src/platforms/http/status-errors.js';
import { AmbiguousOutcomeError, AuthError, ContentRejectedError, RateLimitedError, TransientError } from '../../../src/domain/errors/index.js';
import { startLoopbackServer, type LoopbackServer } from '../../fakes/loopback-server.js';
import { expectRejects } from './expect-error.js';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('sendRequest', () => {
  it('returns status, headers and body of any answer, errors included', async () => {
    server = await startLoopbackServer((_req, res) => {
      res.writeHead(418, { 'x-thing': 'a' });
      res.end('teapot');
    });
    const response = await sendRequest({ method: 'POST', url: `${server.url}/secret-path`, body: 'x', timeoutMs: 2000 }, 'test call', { platform: 'slack' });
    expect([response.status, response.headers.get('x-thing'), response.text]).toEqual([418, 'a', 'teapot']);
    expect(server.requests.map((r) => [r.method, r.url, r.body])).toEqual([['POST', '/secret-path', 'x']]);
  });

  it('reads answer headers case-insensitively, a repeated one joined as fetch would', async () => {
    server = await startLoopbackServer((_req, res) => {
      res.setHeader('Retry-After', '7');
      res.setHeader('link', ['<a>; rel="next"', '<b>; rel="prev"']);
      res.end();
    });
    const response = await sendRequest({ method: 'GET', url: server.url, timeoutMs: 2000 }, 'test call', { platform: 'mastodon' });
    expect([response.headers.get('retry-after'), response.headers.get('LINK')]).toEqual(['7', '<a>; rel="next", <b>; rel="prev"']);
  });

  it('a refused connection is a TransientError: nothing was sent', async () => {
    server = await startLoopbackServer(() => undefined);
    const url = `${server.url}/token-123`;
    await server.close();
    server = undefined;
    const err = await expectRejects(sendRequest({ method: 'POST', url, timeoutMs: 2000 }, 'test call', { platform: 'slack', partIndex: 2 }), TransientError, 'test call could not connect (ECONNREFUSED)');
    expect((err as TransientError).platform).toBe('slack');
    expect((err as TransientError).partIndex).toBe(2);
  });

  it('a timeout after sending is an AmbiguousOutcomeError that does not quote the URL', async () => {
    server = await startLoopbackServer(() => undefined);
    const err = await expectRejects(
      sendRequest({ method: 'POST', url: `${server.url}/bot123:SECRET/sendMessage`, timeoutMs: 100 }, 'test call', { platform: 'telegram' }),
      AmbiguousOutcomeError,
      'test call timed out after 100 ms; the platform may have acted on it',
    );
    expect(JSON.stringify({ ...err, message: err.message, cause: String(err.cause) })).not.toContain('SECRET');
  });

  it('a lost answer to a repeatable request is a TransientError: sending it again does no harm', async () => {
    server = await startLoopbackServer(() => undefined);
    await expectRejects(
      sendRequest({ method: 'GET', url: `${server.url}/media/1`, timeoutMs: 100, repeatable: true }, 'test call', { platform: 'mastodon' }),
      TransientError,
      'test call timed out after 100 ms',
    );
  });

  it('a caller abort after sending is ambiguous, and stops the request at once', async () => {
    server = await startLoopbackServer(() => undefined);
    const caller = new AbortController();
    const pending = sendRequest({ method: 'POST', url: server.url, body: 'x', timeoutMs: 60_000, signal: caller.signal }, 'test call', { platform: 'mastodon' });
    await vi.waitFor(() => expect(server?.requests).toHaveLength(1));
    caller.abort();
    await expectRejects(pending, AmbiguousOutcomeError, 'test call was aborted; the platform may have acted on it');
  });

  it('sends URLSearchParams urlencoded and FormData as multipart with its file part, each with its content-type', async () => {
    // The shared loopback server keeps bodies as text; a file part must arrive byte for byte.
    const received: { type: string; body: Buffer }[] = [];
    const raw = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ type: req.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
        res.end();
      });
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(raw.address() as AddressInfo).port}/`;
    try {
      const form = new URLSearchParams([
        ['status', 'a & b'],
        ['media_ids[]', '7'],
      ]);
      await sendRequest({ method: 'POST', url, body: form, timeoutMs: 2000 }, 'test call', { platform: 'mastodon' });
      const multipart = new FormData();
      multipart.set('file', new Blob([new Uint8Array([0xff, 0xd8, 0x00, 0xd9])], { type: 'image/jpeg' }), 'photo.jpg');
      multipart.set('description', 'Alt text');
      await sendRequest({ method: 'POST', url, body: multipart, timeoutMs: 2000 }, 'test call', { platform: 'mastodon' });
    } finally {
      await new Promise<void>((resolve) => raw.close(() => resolve()));
    }

    const [urlencoded, parts] = received;
    expect(urlencoded?.type).toMatch(/^application\/x-www-form-urlencoded/);
    expect(urlencoded?.body.toString()).toBe('status=a+%26+b&media_ids%5B%5D=7');
    expect(parts?.type).toMatch(/^multipart\/form-data; boundary=/);
    const fields = await new Request('http://x/', { method: 'POST', headers: { 'content-type': parts?.type ?? '' }, body: parts?.body }).formData();
    const file = fields.get('file');
    if (!(file instanceof File)) throw new Error('no file part');
    expect([file.name, file.type, [...new Uint8Array(await file.arrayBuffer())]]).toEqual(['photo.jpg', 'image/jpeg', [0xff, 0xd8, 0x00, 0xd9]]);
    expect(fields.get('description')).toBe('Alt text');
  });

  it('does not follow redirects: a 3xx is an answer', async () => {
    server = await startLoopbackServer((_req, res) => {
      res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' });
      res.end();
    });
    const response = await sendRequest({ method: 'POST', url: server.url, timeoutMs: 2000 }, 'test call', { platform: 'webhook' });
    expect(response.status).toBe(302);
  });
});

describe('errorForStatus', () => {
  it('maps the usual statuses', () => {
    const ctx = { platform: 'x' };
    expect(errorForStatus(401, 'd', ctx)).toBeInstanceOf(AuthError);
    expect(errorForStatus(403, 'd', ctx)).toBeInstanceOf(AuthError);
    expect(errorForStatus(400, 'd', ctx)).toBeInstanceOf(ContentRejectedError);
    expect(errorForStatus(503, 'd', ctx)).toBeInstanceOf(TransientError);
    const limited = errorForStatus(429, 'd', { ...ctx, resetAt: new Date('2030-01-01T00:00:00Z') });
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).resetAt.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(limited.status).toBe(429);
  });
});
