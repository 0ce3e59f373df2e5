import { Writable } from 'node:stream';
import { connect, type Socket } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisUnavailableError } from '../../src/domain/errors/index.js';
import { redactedUrl, withRedactedRequestLog } from '../../src/http/request-log.js';
import { SERVER_TIMEOUTS } from '../../src/http/server-timeouts.js';
import { isStorageUnavailable, redisAcceptsCommands } from '../../src/http/unavailable.js';
import { cleanup, randomPrefix, startCrier, type CrierUnderTest } from '../helpers/crier-harness.js';
import { OwnRedisServer } from '../helpers/redis-server.js';
import { deferred, untilEvent } from '../helpers/wait.js';
import { EDITOR_TOKEN, serviceEnv } from '../helpers/service-env.js';
import { signedHeaders } from '../helpers/sign.js';

const apps: FastifyInstance[] = [];
const criers: CrierUnderTest[] = [];
const servers: OwnRedisServer[] = [];
const prefixes: string[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const a of apps.splice(0)) await a.close();
  for (const c of criers.splice(0)) await c.stop();
  for (const s of servers.splice(0)) await s.stop();
  for (const p of prefixes.splice(0)) await cleanup(p);
});

function captureLog(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

describe('request log', () => {
  it('redacts every query value and keeps the names', () => {
    expect(redactedUrl('/metrics?token=s3cr3t')).toBe('/metrics?token=***');
    expect(redactedUrl('/v1/posts?state=failed&limit=5&flag')).toBe('/v1/posts?state=***&limit=***&flag');
    expect(redactedUrl('/v1/posts')).toBe('/v1/posts');
    expect(redactedUrl('/x?')).toBe('/x?');
    expect(redactedUrl('/x?a=b=c')).toBe('/x?a=***');
  });

  it.each([
    ['a pino instance (the service)', (stream: Writable) => ({ loggerInstance: pino({ level: 'info' }, stream) })],
    ['a logger config object', (stream: Writable) => ({ logger: { level: 'info', stream } })],
  ])('a refused ?token= never reaches the access log, with %s', async (_name, options) => {
    const { lines, stream } = captureLog();
    const app = Fastify(withRedactedRequestLog(options(stream)));
    apps.push(app);
    app.get('/metrics', async (_request, reply) => reply.code(401).send({ error: 'unauthorized' }));
    const res = await app.inject({ url: '/metrics?token=s3cr3t-value&x=1' });
    expect(res.statusCode).toBe(401);
    const logged = lines.join('\n');
    expect(logged).toContain('/metrics?token=***&x=***');
    expect(logged).not.toContain('s3cr3t-value');
  });
});

describe('storage unavailable is a 503, never a 500', () => {
  it('classifies the errors a real ioredis client gives when the connection is gone', async () => {
    const offline = new Redis('redis://127.0.0.1:9', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    const notWriteable = await offline.get('k').then(() => undefined, (e: unknown) => e);
    expect(String(notWriteable)).toMatch(/Stream isn't writeable/);
    expect(isStorageUnavailable(notWriteable)).toBe(true);
    offline.disconnect();

    const closed = new Redis('redis://127.0.0.1:9', { lazyConnect: true });
    closed.disconnect();
    const afterClose = await closed.get('k').then(() => undefined, (e: unknown) => e);
    expect(isStorageUnavailable(afterClose)).toBe(true);

    const refused = new Redis('redis://127.0.0.1:9', { maxRetriesPerRequest: 0, retryStrategy: () => null });
    refused.on('error', () => undefined);
    const noServer = await refused.get('k').then(() => undefined, (e: unknown) => e);
    expect(isStorageUnavailable(noServer)).toBe(true);
    refused.disconnect();

    expect(isStorageUnavailable(new RedisUnavailableError('down'))).toBe(true);
    expect(isStorageUnavailable(new Error('WRONGTYPE Operation against a key holding the wrong kind of value'))).toBe(false);
    expect(isStorageUnavailable(new TypeError('undefined is not a function'))).toBe(false);
  });

  it('readiness needs a socket that takes writes, not only a client that says "ready"', async () => {
    const server = await OwnRedisServer.start();
    servers.push(server);
    const client = new Redis(server.url, { maxRetriesPerRequest: 0 });
    client.on('error', () => undefined);
    try {
      await client.ping();
      expect(redisAcceptsCommands(client)).toBe(true);
      const lazy = new Redis(server.url, { lazyConnect: true });
      expect(redisAcceptsCommands(lazy)).toBe(false);
      lazy.disconnect();
      await server.stop();
      await untilEvent(client, ['close', 'end', 'reconnecting', 'error'], () => !redisAcceptsCommands(client), 'the client to lose its socket', 10_000).catch(() => undefined);
      expect(redisAcceptsCommands(client)).toBe(false);
    } finally {
      client.disconnect();
    }
  });

  it('while Redis dies under a stream of requests, every answer is 200 or 503 with Retry-After', async () => {
    const server = await OwnRedisServer.start();
    servers.push(server);
    const prefix = randomPrefix();
    const crier = await startCrier(serviceEnv(prefix, { REDIS_URL: server.url, HOST: '127.0.0.1', PORT: '0' }), { serve: true, work: false });
    criers.push(crier);
    const ask = async () => {
      const res = await fetch(`${crier.url}/v1/posts?limit=1`, { headers: { authorization: `Bearer ${EDITOR_TOKEN}` } });
      await res.arrayBuffer();
      return { status: res.status, retryAfter: res.headers.get('retry-after') };
    };
    expect((await ask()).status).toBe(200);
    const answers: { status: number; retryAfter: string | null }[] = [];
    let stop = false;
    // Redis dies once the stream is flowing; the askers stop after 20 answers of 503 (or 20 s).
    const flowing = deferred();
    const enough = deferred();
    const deadline = Date.now() + 20_000;
    const askers = Array.from({ length: 4 }, async () => {
      while (!stop) {
        answers.push(await ask());
        if (answers.length >= 4) flowing.resolve();
        if (answers.filter((a) => a.status === 503).length >= 20 || Date.now() > deadline) enough.resolve();
      }
    });
    await flowing.promise;
    await server.stop();
    await enough.promise;
    stop = true;
    await Promise.all(askers);
    expect(answers.filter((a) => a.status === 503).length).toBeGreaterThanOrEqual(20);
    expect(answers.filter((a) => a.status !== 200 && a.status !== 503)).toEqual([]);
    expect(answers.filter((a) => a.status === 503).every((a) => a.retryAfter === '5')).toBe(true);
    // The service itself stays up, and readiness says what the answers said.
    expect((await fetch(`${crier.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${crier.url}/readyz`)).status).toBe(503);
  }, 60_000);
});

describe('hostile article events are refused in bounded time, and /healthz answers meanwhile', () => {
  const base = { id: 'hostile-1', url: 'https://example.com/news/hostile' };
  it.each([
    ['a headline that is one 150k-character word', { ...base, headline: 'a'.repeat(150_000) }, 'headline'],
    ['a 1 MB headline of words', { ...base, headline: 'word '.repeat(200_000) }, 'headline'],
    ['750 KB of nested <b> in the body', { ...base, headline: 'Nested', body: `${'<b>'.repeat(250_000)}x` }, 'body'],
  ])('%s: 400 naming the field', async (_name, event, field) => {
    const prefix = randomPrefix();
    prefixes.push(prefix);
    const crier = await startCrier(serviceEnv(prefix, { HOST: '127.0.0.1', PORT: '0', BODY_LIMIT_BYTES: '2000000' }), { serve: true, work: false });
    criers.push(crier);
    const body = JSON.stringify(event);
    let done = false;
    const health: number[] = [];
    const prober = (async () => {
      while (!done) {
        const started = Date.now();
        await fetch(`${crier.url}/healthz`);
        health.push(Date.now() - started);
        // Pacing, not a wait for anything: back-to-back probes would compete with the request under test for the two cores.
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const res = await fetch(`${crier.url}/v1/articles`, { method: 'POST', headers: { ...signedHeaders(body), 'content-type': 'application/json' }, body });
    const answer = (await res.json()) as { issues?: { field: string; message: string }[] };
    done = true;
    await prober;
    expect(res.status).toBe(400);
    expect(answer.issues?.map((i) => i.field)).toContain(field);
    expect(health.length).toBeGreaterThan(0);
  }, 60_000);
});

describe('slow clients are timed out', () => {
  it('the service sets request, header, idle and keep-alive timeouts on its server', async () => {
    const prefix = randomPrefix();
    prefixes.push(prefix);
    const crier = await startCrier(serviceEnv(prefix, { HOST: '127.0.0.1', PORT: '0' }), { serve: true, work: false });
    criers.push(crier);
    const server = crier.service.app!.server;
    expect(server.requestTimeout).toBe(SERVER_TIMEOUTS.requestTimeout);
    expect(server.headersTimeout).toBe(SERVER_TIMEOUTS.http.headersTimeout);
    expect(server.keepAliveTimeout).toBe(SERVER_TIMEOUTS.keepAliveTimeout);
    expect(server.timeout).toBe(SERVER_TIMEOUTS.connectionTimeout);
    expect(SERVER_TIMEOUTS.requestTimeout).toBeGreaterThan(0);
  });

  it('a body that trickles in is cut off at the request timeout while other requests are served', async () => {
    // The same options as the service, with the deadlines shortened so the test is quick.
    const app = Fastify({ ...SERVER_TIMEOUTS, requestTimeout: 1_000, http: { headersTimeout: 1_000, connectionsCheckingInterval: 100 } });
    apps.push(app);
    app.get('/healthz', async () => ({ status: 'ok' }));
    app.post('/v1/articles', async () => ({ accepted: true }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };

    const started = Date.now();
    const closedAt = await Promise.all(
      Array.from({ length: 20 }, () =>
        new Promise<number>((resolve) => {
          const socket = connect(port, '127.0.0.1');
          sockets.push(socket);
          socket.on('error', () => undefined);
          socket.on('connect', () => {
            socket.write('POST /v1/articles HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
            const drip = setInterval(() => socket.writable && socket.write(' '), 200);
            socket.on('close', () => {
              clearInterval(drip);
              resolve(Date.now() - started);
            });
          });
        }),
      ).concat([
        (async () => {
          // Served while the slow ones hang.
          const res = await fetch(`http://127.0.0.1:${port}/healthz`);
          expect(res.status).toBe(200);
          return 0;
        })(),
      ]),
    );
    // Generous bound: 1 s deadline + 100 ms checks; without a request timeout they would stay open.
    expect(Math.max(...closedAt)).toBeLessThan(15_000);
  }, 45_000);
});
