import { afterEach, describe, expect, it } from 'vitest';
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
