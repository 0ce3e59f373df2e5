import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { EditorStore } from '../../src/editors/editor-store.js';
import { cleanup, deliveryEnv, randomPrefix, startCrier, startFakes, threadTemplatesDir, type CrierUnderTest, type Fakes } from '../helpers/crier-harness.js';
import { signedHeaders } from '../helpers/sign.js';
import { newRedis } from '../helpers/redis.js';
import { articleJson } from '../helpers/builders.js';

export const SESSION_SECRET = 'browser-test-session-secret-0123456789abcdef';
export const EDITORS = {
  alice: { password: 'alice-password-123', role: 'editor' },
  root: { password: 'root-password-4567', role: 'admin' },
} as const;

const seed = articleJson();

/** A newsroom's photo on loopback: what the adapters upload and the previews show. */
async function startPhotoServer(): Promise<{ url: string; close(): Promise<void> }> {
  const width = 1200;
  const height = 630;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#0b57d0"/><stop offset="1" stop-color="#0d652d"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/><circle cx="420" cy="315" r="150" fill="#ffbf47"/><circle cx="780" cy="315" r="150" fill="#fafafa" fill-opacity="0.8"/></svg>`;
  const jpeg = await sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': jpeg.length });
    res.end(jpeg);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/photo.jpg`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface BrowserCrier {
  photoUrl: string;
  crier: CrierUnderTest;
  fakes: Fakes;
  url: string;
  publish(overrides?: Record<string, unknown>): Promise<{ id: string; platform: string; state: string }[]>;
  post(id: string): Promise<{ state: string; version: number; scheduledAt?: string; delivered: { url?: string }[]; draft: { parts: { text: string }[] } }>;
  stop(): Promise<void>;
}

/**
 * crier as it runs in production (intake, editor API, dashboard and workers in one process) on a
 * random port and Redis prefix, delivering to the X and Mastodon fakes. X waits for review;
 * Mastodon posts are held for an hour, so they sit scheduled for the reschedule test.
 */
export async function startBrowserCrier(): Promise<BrowserCrier> {
  const prefix = randomPrefix();
  const photo = await startPhotoServer();
  const fakes = await startFakes();
  const templates = threadTemplatesDir();
  const crier = await startCrier(
    deliveryEnv(prefix, fakes, templates, {
      SESSION_SECRET,
      NEWSROOM_TIMEZONE: 'Asia/Karachi',
      REVIEW_PLATFORMS: 'x',
      HOLD_SECONDS: '3600',
    }),
  );
  const redis = newRedis();
  const editors = new EditorStore(redis, `${prefix}:`);
  for (const [name, e] of Object.entries(EDITORS)) await editors.add(name, e.password, e.role);
  redis.disconnect();
  return {
    crier,
    fakes,
    url: crier.url,
    photoUrl: photo.url,
    async publish(overrides = {}) {
      const body = JSON.stringify({ ...seed, ...overrides });
      const res = await fetch(`${crier.url}/v1/articles`, { method: 'POST', body, headers: signedHeaders(body) });
      if (res.status !== 202) throw new Error(`publish answered ${res.status}: ${await res.text()}`);
      return ((await res.json()) as { posts: { id: string; platform: string; state: string }[] }).posts;
    },
    async post(id) {
      const res = await crier.editor('GET', `/v1/posts/${id}`);
      return (res.json as { post: Awaited<ReturnType<BrowserCrier['post']>> }).post;
    },
    async stop() {
      await crier.stop();
      await fakes.close();
      await photo.close();
      await cleanup(prefix, [templates]);
    },
  };
}
