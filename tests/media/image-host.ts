import sharp from 'sharp';
import { startLoopbackServer, type LoopbackServer } from '../fakes/loopback-server.js';

export interface ImageHost {
  url: string;
  server: LoopbackServer;
  /** How many GETs each path got. */
  hits(path: string): number;
  /** The next `times` GETs of `path` answer `status` (503 for a host having a bad minute). */
  failNext(path: string, status: number, times?: number): void;
  close(): Promise<void>;
}

export async function pngBytes(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#c03030' } }).png().toBuffer();
}

/**
 * A loopback image CDN: /photo.png (a real PNG), /missing.png (404), /page.png (HTML under an image
 * name), /broken.png (image/png that is not one), /huge.png (a real PNG of `hugeBytes`), and
 * /article.html (a page whose og:image is /photo.png).
 */
export async function startImageHost(options: { hugeBytes?: number } = {}): Promise<ImageHost> {
  const photo = await pngBytes();
  // Noise does not compress: the PNG comes out about as large as its pixels.
  const side = Math.ceil(Math.sqrt((options.hugeBytes ?? 200_000) / 3)) + 8;
  const noise = Buffer.alloc(side * side * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
  const huge = await sharp(noise, { raw: { width: side, height: side, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
  const failures = new Map<string, { status: number; times: number }>();
  const server = await startLoopbackServer((req, res) => {
    const path = req.url.split('?')[0] ?? '';
    const failure = failures.get(path);
    if (failure && failure.times > 0) {
      failure.times -= 1;
      res.writeHead(failure.status, { 'content-type': 'text/plain' }).end('try later');
      return;
    }
    if (path === '/photo.png') return void res.writeHead(200, { 'content-type': 'image/png' }).end(photo);
    if (path === '/huge.png') return void res.writeHead(200, { 'content-type': 'image/png' }).end(huge);
    if (path === '/page.png') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Hotlinking is not allowed</body></html>');
    if (path === '/broken.png') return void res.writeHead(200, { 'content-type': 'image/png' }).end('not really a png');
    if (path === '/article.html') {
      return void res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><head><meta property="og:image" content="${server.url}/photo.png"></head></html>`);
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  return {
    url: server.url,
    server,
    hits: (path) => server.requests.filter((r) => r.method === 'GET' && r.url.split('?')[0] === path).length,
    failNext: (path, status, times = 1) => failures.set(path, { status, times }),
    close: () => server.close(),
  };
}
