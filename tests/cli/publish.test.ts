import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliEnv, startFakes, type Fakes } from '../helpers/crier-harness.js';
import { REDIS_URL, useRedis } from '../helpers/redis.js';
import { PostStore } from '../../src/posts/post-store.js';
import { hasStackTrace, runCrier } from './spawn-with-stdin.js';

const FIXTURE = 'tests/fixtures/beijing-islamabad.json';
// Each test starts crier processes that load BullMQ and the platform SDKs through tsx.
const SLOW = 90_000;
const ARTICLE_ID = 'southasiandesk-2025-08-25-beijing-backs-islamabad';

const publishEnv = (prefix: string, fakes: Fakes): Record<string, string> => cliEnv(fakes, { REDIS_URL, REDIS_PREFIX: prefix });

interface PublishedLine {
  id: string;
  target: string;
  state: string;
}

/** The "  <id>  <platform>/<account>  <state>[ at …]" lines of `crier publish`. */
function postLines(stdout: string): PublishedLine[] {
  return stdout
    .split('\n')
    .map((l) => /^\s+(\S+)\s+(\S+\/\S+)\s+(\S+)/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ id: m[1] ?? '', target: m[2] ?? '', state: m[3] ?? '' }));
}

describe('crier publish', () => {
  const fx = useRedis();
  let fakes: Fakes;

  beforeEach(async () => {
    fakes = await startFakes();
  });

  afterEach(async () => {
    await fakes.close();
  });

  it('creates one scheduled post per configured account; a second run is "already accepted" with the same ids', async () => {
    const env = publishEnv(fx.prefix, fakes);
    const first = await runCrier(['publish', FIXTURE], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout.split('\n')[0]).toMatch(new RegExp(`^accepted \\(created\\): ${ARTICLE_ID} revision `));
    const posts = postLines(first.stdout);
    expect(posts.map((p) => p.target).sort()).toEqual(['mastodon/default', 'x/default']);
    expect(posts.map((p) => p.state)).toEqual(['scheduled', 'scheduled']);
    expect(new Set(posts.map((p) => p.id)).size).toBe(2);

    // The store's own index, as the dashboard lists it: the two posts and nothing else.
    const store = new PostStore(fx.redis, { prefix: `${fx.prefix}:` });
    const listed = async () => (await store.list({ limit: 500 })).posts.map((p) => p.id).sort();
    expect(await listed()).toEqual(posts.map((p) => p.id).sort());

    const second = await runCrier(['publish', FIXTURE], env);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(second.stdout.split('\n')[0]).toMatch(new RegExp(`^already accepted.*: ${ARTICLE_ID} revision `));
    expect(postLines(second.stdout)).toEqual(posts);
    expect(await listed()).toEqual(posts.map((p) => p.id).sort());

    // publish only enqueues: nothing was delivered.
    expect(fakes.x.tweets).toEqual([]);
    expect(fakes.mastodon.statuses).toEqual([]);
  }, SLOW);

  it('with Redis unreachable: exit 2 and a message naming REDIS_URL', async () => {
    const run = await runCrier(['publish', FIXTURE], { ...publishEnv(fx.prefix, fakes), REDIS_URL: 'redis://127.0.0.1:1' });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('REDIS_URL');
    expect(hasStackTrace(run.output)).toBe(false);
  }, SLOW);
});
