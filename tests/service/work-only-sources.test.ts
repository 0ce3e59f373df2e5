import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseArticleJson } from '../../src/article/parse-article.js';
import { prefixes } from '../../src/service/services.js';
import { SourceEventQueue } from '../../src/sources/source-events.js';
import { cleanup, deliveryEnv, eventually, randomPrefix, startCrier, startFakes, type CrierUnderTest, type Fakes } from '../helpers/crier-harness.js';
import { newRedis } from '../helpers/redis.js';

let prefix = '';
let fakes: Fakes | undefined;
let worker: CrierUnderTest | undefined;

afterEach(async () => {
  await worker?.stop();
  await fakes?.close();
  await cleanup(prefix);
  worker = undefined;
  fakes = undefined;
});

describe('a process that works without serving', () => {
  // Such a process loads the composer on the lifecycle's first use: this is that first use.
  it('composes and delivers an article a source queued', async () => {
    prefix = randomPrefix();
    fakes = await startFakes();
    worker = await startCrier(deliveryEnv(prefix, fakes, 'templates'), { serve: false, work: true });
    const article = parseArticleJson(readFileSync('tests/fixtures/wire-springfield-en.json', 'utf8'));
    const redis = newRedis();
    const events = new SourceEventQueue(redis, prefixes(worker.config).queue);
    try {
      await events.enqueue({ kind: 'publish', article }, 'ghost');
      const f = fakes;
      await eventually(() => f.x.tweets.length > 0 && f.mastodon.statuses.length > 0, 30_000, 'the queued article on X and Mastodon');
    } finally {
      await events.close();
      redis.disconnect();
    }
    expect(fakes.x.tweets[0]!.sentText).toContain('Illinois governor signs transit fare freeze');
  });
});
