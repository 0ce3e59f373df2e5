import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PRIORITY, queueNameFor } from '../../src/pipeline/publish-job.js';
import { PublishQueues } from '../../src/pipeline/publish-queues.js';
import { LuaScript } from '../../src/posts/lua-script.js';
import type { PostRecord } from '../../src/posts/post.js';
import { deleteKeys, newRedis, randomPrefix } from '../helpers/redis.js';

let redis: Redis;
let prefix: string;
let queues: PublishQueues;

beforeAll(() => {
  redis = newRedis();
});
afterAll(() => {
  redis.disconnect();
});
beforeEach(() => {
  prefix = randomPrefix();
  queues = new PublishQueues(redis, prefix, { attempts: 4, backoffMs: 1000, lockDurationMs: 30_000, sweepIntervalMs: 60_000, concurrency: 1, paceMs: 0 });
});
afterEach(async () => {
  await queues.close();
  await deleteKeys(redis, prefix);
});

const NOW = Date.parse('2025-08-25T06:00:00Z');

function post(platform: PostRecord['platform'], overrides: Partial<PostRecord> = {}): PostRecord {
  return {
    id: `p_${platform}_0000000000000000`,
    articleId: 'art-1',
    revision: '1',
    platform,
    account: 'default',
    state: 'scheduled',
    version: 1,
    draft: { platform, account: 'default', articleId: 'art-1', parts: [{ text: 'hello', weightedLength: 5 }], media: [], link: { url: 'https://example.com', title: 't', description: '' } },
    priority: 'normal',
    createdAt: new Date(NOW).toISOString(),
    updatedAt: new Date(NOW).toISOString(),
    delivered: [],
    attempts: 0,
    ...overrides,
  } as PostRecord;
}

describe('PublishQueues.scheduleNew', () => {
  it("puts each new post on its own account's queue, at its time and priority, with the delivery's attempts", async () => {
    const posts = [
      post('x', { scheduledAt: new Date(NOW + 60_000).toISOString() }),
      post('mastodon', { priority: 'breaking' }),
      post('bluesky', { scheduledAt: new Date(NOW - 5_000).toISOString() }),
    ];
    await queues.scheduleNew(posts, NOW);
    const jobs = await Promise.all(posts.map((p) => queues.queue(p.platform, p.account).getJob(p.id)));
    expect(jobs.map((j) => j?.data)).toEqual(posts.map((p) => ({ postId: p.id, snapshot: p })));
    expect(jobs.map((j) => j?.opts.delay)).toEqual([60_000, 0, 0]);
    expect(jobs.map((j) => j?.opts.priority)).toEqual([PRIORITY.normal, PRIORITY.breaking, PRIORITY.normal]);
    expect(jobs.map((j) => j?.opts.attempts)).toEqual([4, 4, 4]);
    expect(await Promise.all(jobs.map((j) => j?.getState()))).toEqual(['delayed', 'prioritized', 'prioritized']);
  });

  it('called again for a post that has its job, leaves that job as it is', async () => {
    const later = post('x', { scheduledAt: new Date(NOW + 60_000).toISOString() });
    await queues.scheduleNew([later], NOW);
    await queues.scheduleNew([{ ...later, scheduledAt: new Date(NOW).toISOString() }], NOW);
    const job = await queues.queue('x', 'default').getJob(later.id);
    expect(job?.opts.delay).toBe(60_000);
    expect(await queues.queue('x', 'default').getJobCounts()).toMatchObject({ delayed: 1, prioritized: 0, waiting: 0 });
  });

  it.each([
    ['queued behind the jobs', true],
    ['loaded anew when Redis does not have it', false],
  ])('runs the step it is given after the jobs are on (%s)', async (_how, loaded) => {
    const posts = [post('x'), post('mastodon')];
    // Notes in KEYS[1] how many of the jobs' hashes exist when it runs; a source of its own, so Redis lacks it unless loaded here.
    const source = `-- ${prefix}\nlocal n = 0\nfor i = 2, #KEYS do n = n + redis.call('EXISTS', KEYS[i]) end\nredis.call('SET', KEYS[1], n)`;
    const step = new LuaScript(source);
    if (loaded) await redis.script('LOAD', source);
    const jobKeys = posts.map((p) => `${prefix}:${queueNameFor(p.platform, p.account)}:${p.id}`);
    await queues.scheduleNew(posts, NOW, { script: step, keys: [`${prefix}:seen`, ...jobKeys], args: [] });
    expect(await redis.get(`${prefix}:seen`)).toBe('2');
  });

  it('with no posts still runs the step it is given', async () => {
    const step = new LuaScript(`redis.call('SET', KEYS[1], 'ran')`);
    await queues.scheduleNew([], NOW, { script: step, keys: [`${prefix}:seen`], args: [] });
    expect(await redis.get(`${prefix}:seen`)).toBe('ran');
  });

  it('with nothing to queue sends nothing', async () => {
    await queues.scheduleNew([], NOW);
    expect(await redis.keys(`${prefix}*`)).toEqual([]);
  });
});
