import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { networkErrorCode, requestNeverLeft } from '../../../src/platforms/http/network-errors.js';

function systemError(code: string): Error {
  return Object.assign(new Error(`connect ${code}`), { code });
}

describe('requestNeverLeft: one answer for every adapter', () => {
  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT', 'ERR_TLS_CERT_ALTNAME_INVALID'])(
    '%s: nothing reached the server',
    (code) => {
      expect(requestNeverLeft(new TypeError('fetch failed', { cause: systemError(code) }))).toBe(true);
    },
  );

  it.each(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ABORT_ERR'])(
    '%s: the request may have been written, so it is not "never left"',
    (code) => {
      expect(requestNeverLeft(new TypeError('fetch failed', { cause: systemError(code) }))).toBe(false);
    },
  );

  it('reads the code through several wrappers and through an AggregateError (happy eyeballs)', () => {
    const aggregate = new AggregateError([systemError('ECONNREFUSED'), systemError('ECONNREFUSED')], 'all failed');
    const wrapped = new Error('outer', { cause: new Error('middle', { cause: aggregate }) });
    expect(networkErrorCode(wrapped)).toBe('ECONNREFUSED');
    expect(requestNeverLeft(wrapped)).toBe(true);
  });

  it('an error without any code is not proof of anything', () => {
    expect(requestNeverLeft(new Error('socket hang up'))).toBe(false);
    expect(requestNeverLeft('ECONNREFUSED')).toBe(false);
    expect(requestNeverLeft(undefined)).toBe(false);
  });

  describe('with real sockets', () => {
    let server: Server | undefined;
    afterEach(async () => {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = undefined;
    });

    it('a refused connection from fetch is "never left"', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const { port } = closed.address() as AddressInfo;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const error = await fetch(`http://127.0.0.1:${port}/`).then(() => undefined, (e: unknown) => e);
      expect(requestNeverLeft(error)).toBe(true);
    });

    it('a connection reset after the request was read is not', async () => {
      server = createServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const error = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: 'x' }).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(requestNeverLeft(error)).toBe(false);
    });
  });
});
