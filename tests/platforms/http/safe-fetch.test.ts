import { afterEach, describe, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import { createSafeFetcher } from '../../../src/platforms/http/safe-fetch.js';
import { ContentRejectedError, TransientError, UnsafeUrlError } from '../../../src/domain/errors/index.js';
import { startLoopbackServer, type LoopbackServer, type RecordedRequest } from '../../fakes/loopback-server.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const servers: LoopbackServer[] = [];

async function serve(handler: (req: RecordedRequest, res: ServerResponse) => void): Promise<LoopbackServer> {
  const s = await startLoopbackServer(handler);
  servers.push(s);
  return s;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const base = { timeoutMs: 5000, maxBytes: 1000 };

describe('createSafeFetcher', () => {
  it('fetches bytes, the bare mime type and the final URL when private targets are allowed', async () => {
    const s = await serve((req, res) => {
      if (req.url === '/old') {
        res.writeHead(302, { location: '/photo.png' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'image/png; charset=binary' });
      res.end(PNG);
    });
    const fetcher = createSafeFetcher({ ...base, allowPrivate: true, userAgent: 'crier-test/1' });
    const got = await fetcher(`${s.url}/old`, { accept: 'image/*' });
    expect(Buffer.from(got.bytes).equals(PNG)).toBe(true);
    expect(got.mimeType).toBe('image/png');
    expect(got.url).toBe(`${s.url}/photo.png`);
    expect(s.requests.map((r) => r.url)).toEqual(['/old', '/photo.png']);
    expect(s.requests[1]!.headers['user-agent']).toBe('crier-test/1');
    expect(s.requests[1]!.headers.accept).toBe('image/*');
  });

  describe('with private targets refused, refuses before connecting', () => {
    const fetcher = createSafeFetcher({ ...base, allowPrivate: false });

    it.each([
      ['127.0.0.1', (port: number) => `http://127.0.0.1:${port}/x`],
      ['localhost', (port: number) => `http://localhost:${port}/x`],
      ['[::1]', (port: number) => `http://[::1]:${port}/x`],
      ['an IPv4-mapped loopback', (port: number) => `http://[::ffff:127.0.0.1]:${port}/x`],
      ['10.x', () => 'http://10.1.2.3/x'],
      ['192.168.x', () => 'http://192.168.0.10/x'],
      ['CGNAT', () => 'http://100.64.0.1/x'],
      ['the metadata address', () => 'http://169.254.169.254/latest/meta-data/'],
      ['the unspecified address', (port: number) => `http://0.0.0.0:${port}/x`],
      ['unique-local IPv6', () => 'http://[fd00::1]/x'],
      ['an IPv4-compatible loopback [::127.0.0.1]', (port: number) => `http://[::127.0.0.1]:${port}/x`],
      ['the same written in hex [::7f00:1]', (port: number) => `http://[::7f00:1]:${port}/x`],
      ['6to4 of 127.0.0.1', () => 'http://[2002:7f00:1::1]/x'],
      ['NAT64 of 10.0.0.1', () => 'http://[64:ff9b::a00:1]/x'],
      ['SIIT (IPv4-translated) loopback', () => 'http://[::ffff:0:7f00:1]/x'],
    ])('%s', async (_name, urlFor) => {
      const s = await serve((_req, res) => res.end('should not be reached'));
      await expect(fetcher(urlFor(s.port))).rejects.toBeInstanceOf(UnsafeUrlError);
      expect(s.requests).toHaveLength(0);
    });

    it.each(['file:///etc/passwd', 'ftp://example.com/file', 'gopher://example.com/'])('%s', async (url) => {
      await expect(fetcher(url)).rejects.toThrow(/only http and https/);
    });

    it('a name that resolves to a private address, even among public ones', async () => {
      const resolving = createSafeFetcher({
        ...base,
        allowPrivate: false,
        resolve: async () => ['93.184.216.34', '10.0.0.5'],
      });
      await expect(resolving('http://cdn.example.test/x.png')).rejects.toThrow(
        new UnsafeUrlError('refused to fetch from cdn.example.test: it resolves to a private or reserved address'),
      );
    });

    it('a redirect from an allowed host to loopback, re-checked at the hop', async () => {
      const s = await serve((req, res) => {
        if (req.url === '/start') {
          res.writeHead(302, { location: `http://127.0.0.1:${s.port}/secret` });
          res.end();
          return;
        }
        res.end('secret');
      });
      // The first hop is trusted (as if it were the CMS's media host); the redirect target is not.
      const hopping = createSafeFetcher({
        ...base,
        allowPrivate: false,
        trustedHosts: ['media.example.test'],
        resolve: async () => ['127.0.0.1'],
      });
      await expect(hopping(`http://media.example.test:${s.port}/start`)).rejects.toBeInstanceOf(UnsafeUrlError);
      expect(s.requests.map((r) => r.url)).toEqual(['/start']);
    });

    it('a redirect to a name that resolves to a private address', async () => {
      const s = await serve((_req, res) => {
        res.writeHead(301, { location: `http://internal.example.test:${s.port}/secret` });
        res.end();
      });
      const hopping = createSafeFetcher({
        ...base,
        allowPrivate: false,
        trustedHosts: ['media.example.test'],
        resolve: async (host) => (host === 'media.example.test' ? ['127.0.0.1'] : ['169.254.169.254']),
      });
      await expect(hopping(`http://media.example.test:${s.port}/start`)).rejects.toThrow(/internal\.example\.test/);
      expect(s.requests).toHaveLength(1);
    });
  });

  it('follows at most 5 redirects', async () => {
    const s = await serve((req, res) => {
      const n = Number(req.url!.slice(1));
      res.writeHead(302, { location: `/${n + 1}` });
      res.end();
    });
    const fetcher = createSafeFetcher({ ...base, allowPrivate: true });
    await expect(fetcher(`${s.url}/0`)).rejects.toThrow(new ContentRejectedError('too many redirects fetching from 127.0.0.1'));
    expect(s.requests).toHaveLength(6);
  });

  it('rejects early on a Content-Length over the cap', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': '5000' });
      res.end(Buffer.alloc(5000));
    });
    const fetcher = createSafeFetcher({ ...base, allowPrivate: true });
    await expect(fetcher(`${s.url}/big.jpg`)).rejects.toThrow(
      new ContentRejectedError('media from 127.0.0.1 is larger than 1000 bytes (Content-Length 5000)'),
    );
  });

  it('stops reading a chunked body once it passes the cap', async () => {
    let written = 0;
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      // Keeps writing until the client goes away; without the cap this would never end.
      const timer = setInterval(() => {
        if (res.destroyed || written > 10_000_000) {
          clearInterval(timer);
          res.destroy();
          return;
        }
        written += 600;
        res.write(Buffer.alloc(600));
      }, 1);
    });
    const fetcher = createSafeFetcher({ ...base, allowPrivate: true });
    await expect(fetcher(`${s.url}/stream.jpg`)).rejects.toThrow(new ContentRejectedError('media from 127.0.0.1 is larger than 1000 bytes'));
    expect(written).toBeLessThan(10_000_000);
  });

  it('honours a smaller per-call cap', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      res.end(Buffer.alloc(200));
    });
    const fetcher = createSafeFetcher({ ...base, allowPrivate: true });
    await expect(fetcher(`${s.url}/a.jpg`, { maxBytes: 100 })).rejects.toBeInstanceOf(ContentRejectedError);
    expect((await fetcher(`${s.url}/a.jpg`)).bytes).toHaveLength(200);
  });

  it('times out as a TransientError', async () => {
    const s = await serve(() => {
      // never answers
    });
    const fetcher = createSafeFetcher({ timeoutMs: 100, maxBytes: 1000, allowPrivate: true });
    await expect(fetcher(`${s.url}/slow`)).rejects.toThrow(new TransientError('fetching from 127.0.0.1 timed out after 100 ms'));
  });

  it('maps 4xx to ContentRejectedError and 5xx to TransientError, naming the host only', async () => {
    const s = await serve((req, res) => {
      res.statusCode = req.url!.startsWith('/gone') ? 404 : 503;
      res.end();
    });
    const fetcher = createSafeFetcher({ ...base, allowPrivate: true });
    await expect(fetcher(`${s.url}/gone?token=s3cret`)).rejects.toThrow(new ContentRejectedError('127.0.0.1 answered 404'));
    await expect(fetcher(`${s.url}/busy?token=s3cret`)).rejects.toThrow(new TransientError('127.0.0.1 answered 503'));
  });

  it('maps a refused connection to TransientError', async () => {
    const s = await serve(() => undefined);
    const url = `${s.url}/x`;
    await s.close();
    servers.length = 0;
    const fetcher = createSafeFetcher({ ...base, allowPrivate: true });
    await expect(fetcher(url)).rejects.toBeInstanceOf(TransientError);
  });
});
