import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PostStore } from '../../src/posts/post-store.js';
import { deliveryEnv, eventually, randomPrefix, startCrier, startFakes, threadTemplatesDir, type CrierUnderTest, type Fakes } from '../helpers/crier-harness.js';
import { OwnRedisServer } from '../helpers/redis-server.js';
import { signedHeaders } from '../helpers/sign.js';
import { newRedis } from '../helpers/redis.js';
import { articleText } from '../helpers/builders.js';

const seed = articleText();
let server: OwnRedisServer | undefined;
let crier: CrierUnderTest | undefined;
let fakes: Fakes | undefined;
const dirs: string[] = [];

afterEach(async () => {
  await crier?.stop();
  await fakes?.close();
  await server?.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('Redis restarted mid-thread', () => {
  it('the service rides through it: the thread completes, every part exactly once, in order', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'crier-redis-aof-'));
    dirs.push(dataDir);
    server = await OwnRedisServer.start({ persistentDir: dataDir });
    fakes = await startFakes();
    const templates = threadTemplatesDir();
    dirs.push(templates);
    const prefix = randomPrefix();
    crier = await startCrier(deliveryEnv(prefix, fakes, templates, { REDIS_URL: server.url }));
    // Part 1 of the Mastodon thread takes a while to answer: Redis goes down and comes back meanwhile.
    fakes.mastodon.fail('POST', '/api/v1/statuses', { kind: 'delay', ms: 0 }, 1);
    fakes.mastodon.fail('POST', '/api/v1/statuses', { kind: 'delay', ms: 1500 }, 1);

    const res = await fetch(`${crier.url}/v1/articles`, { method: 'POST', body: seed, headers: signedHeaders(seed) });
    expect(res.status).toBe(202);
    const posts = ((await res.json()) as { posts: { id: string; platform: string }[] }).posts;
    await eventually(() => fakes!.mastodon.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/statuses').length >= 2, 20_000, 'part 1 in flight');
    await server.restart();

    const redis = newRedis(server.url);
    const store = new PostStore(redis, { prefix: `${prefix}:` });
    try {
      for (const p of posts) {
        await eventually(async () => (await store.get(p.id)).state === 'published', 60_000, `${p.platform} published after the restart`);
      }
      const mastodonPost = await store.get(posts.find((p) => p.platform === 'mastodon')!.id);
      const statuses = fakes.mastodon.liveStatuses();
      expect(statuses.map((s) => s.text)).toEqual(mastodonPost.draft.parts.map((p) => p.text));
      statuses.forEach((s, i) => expect(s.inReplyToId).toBe(i === 0 ? null : statuses[i - 1]!.id));
      const xPost = await store.get(posts.find((p) => p.platform === 'x')!.id);
      expect(fakes.x.liveTweets().map((t) => t.sentText)).toEqual(xPost.draft.parts.map((p) => p.text));
    } finally {
      redis.disconnect();
    }
  });
});
