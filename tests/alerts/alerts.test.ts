import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { ALERT_QUEUE } from '../../src/alerts/alerts.js';
import type { Alert } from '../../src/alerts/alert.js';
import { startFakeDiscord } from '../fakes/discord.js';
import { startFakeTelegram } from '../fakes/telegram.js';
import { deliveryEnv, eventually, useCrierWorld, type CrierUnderTest } from '../helpers/crier-harness.js';
import { signedHeaders } from '../helpers/sign.js';
import { newRedis } from '../helpers/redis.js';
import { startAlertSink } from './alert-sink.js';
import { articleJson } from '../helpers/builders.js';

const seed = articleJson();
const PUBLIC_URL = 'https://crier.newsroom.test';

const world = useCrierWorld();

async function send(c: CrierUnderTest, event: Record<string, unknown>): Promise<{ id: string; platform: string }[]> {
  const body = JSON.stringify(event);
  const res = await fetch(`${c.url}/v1/articles`, { method: 'POST', body, headers: signedHeaders(body) });
  expect(res.status).toBe(202);
  return ((await res.json()) as { posts: { id: string; platform: string }[] }).posts;
}

async function stateOf(c: CrierUnderTest, id: string): Promise<string> {
  return ((await c.editor('GET', `/v1/posts/${id}`)).json as { post: { state: string } }).post.state;
}

/** Nothing left to send: every alert that was queued has been delivered or given up. */
async function alertsSettled(queuePrefix: string): Promise<void> {
  const redis = newRedis();
  const queue = new Queue(ALERT_QUEUE, { connection: redis, prefix: queuePrefix });
  try {
    await eventually(async () => {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      return Object.values(counts).every((n) => n === 0);
    }, 30_000, 'the alert queue to drain');
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

const key = (a: Alert) => `${a.type} ${a.platform}/${a.account}`;

describe('alerts to ALERT_WEBHOOK_URL', () => {
  it('sends each type once per post state change, retrying a receiver that fails', async () => {
    const sink = await startAlertSink();
    world.onCleanup(() => sink.close());
    sink.failNext(1);
    const fakes = await world.fakes();
    const telegram = await startFakeTelegram({ token: '4242:right-bot-token', chats: { '@crier_news': { id: -1001, username: 'crier_news' } } });
    world.onCleanup(() => telegram.close());
    const discord = await startFakeDiscord({ id: '1200', token: 'discord-hook-token' });
    world.onCleanup(() => discord.close());
    const templates = world.templates();
    // X: the thread's second part is refused (partially published); Discord refuses the post
    // (failed); Telegram's bot token is wrong (credentials refused at start-up, then a failed post);
    // Mastodon waits for review.
    fakes.x.fail('POST', '/2/tweets', { kind: 'delay', ms: 0 });
    fakes.x.fail('POST', '/2/tweets', { kind: 'respond', status: 400, body: { title: 'Invalid Request', detail: 'One or more parameters to your request was invalid.', type: 'https://api.twitter.com/2/problems/invalid-request', status: 400 } });
    discord.faults.add({ kind: 'respond', status: 400, body: { message: 'Invalid Form Body', code: 50035 } }, (r) => r.method === 'POST');
    const crier = await world.crier(
      deliveryEnv(world.prefix, fakes, templates, {
        ALERT_WEBHOOK_URL: sink.url,
        PUBLIC_URL,
        REVIEW_PLATFORMS: 'mastodon',
        TELEGRAM_BOT_TOKEN: '4242:wrong-bot-token',
        TELEGRAM_CHAT_ID: '@crier_news',
        TELEGRAM_API_URL: telegram.url,
        DISCORD_WEBHOOK_URL: discord.webhookUrl,
      }),
    );
    const c = crier;
    const posts = await send(c, seed);
    const idOf = (platform: string) => posts.find((p) => p.platform === platform)!.id;
    await eventually(async () => (await stateOf(c, idOf('x'))) === 'partially_published', 30_000, 'X partially published');
    await eventually(async () => (await stateOf(c, idOf('discord'))) === 'failed', 30_000, 'Discord failed');
    await eventually(async () => (await stateOf(c, idOf('telegram'))) === 'failed', 30_000, 'Telegram failed');
    // The CMS sends the same revision again: nothing changed, nothing new to say.
    await send(c, seed);
    // Withdrawn while X's first part is out: UNPUBLISH_POLICY=review asks an editor to retract it.
    await send(c, { id: seed.id, status: 'unpublished' });

    const expected = [
      'post.needs_review mastodon/default',
      'post.partially_published x/default',
      'post.failed discord/default',
      'post.failed telegram/default',
      'account.credentials_failed telegram/default',
      'post.retraction_needed x/default',
    ];
    await eventually(() => expected.every((e) => sink.received.some((a) => key(a) === e)), 30_000, 'every alert');
    await alertsSettled(`${world.prefix}:q`);
    expect(sink.received.map(key).sort()).toEqual([...expected].sort());

    const failed = sink.received.find((a) => key(a) === 'post.failed discord/default')!;
    expect(failed).toEqual({
      type: 'post.failed',
      post: idOf('discord'),
      article: seed.id,
      platform: 'discord',
      account: 'default',
      reason: expect.stringMatching(/^permanent error: discord webhook execute failed: 400 Invalid Form Body/),
      url: `${PUBLIC_URL}/v1/posts/${idOf('discord')}`,
    });
    const account = sink.received.find((a) => a.type === 'account.credentials_failed')!;
    expect(account).toMatchObject({ post: null, article: null, platform: 'telegram', url: `${PUBLIC_URL}/readyz` });
    expect(JSON.stringify(sink.received)).not.toContain('wrong-bot-token');
    // The receiver's first failure was retried, not lost or doubled.
    expect(sink.server.requests.filter((r) => r.method === 'POST')).toHaveLength(expected.length + 1);
  });

  it('a template that breaks for one article alerts that post as failed, naming the template', async () => {
    const sink = await startAlertSink();
    world.onCleanup(() => sink.close());
    const fakes = await world.fakes();
    const templates = world.templates();
    writeFileSync(join(templates, 'mastodon.liquid'), '{{ headline }}\n{% if section == "Sport" %}{{ score.home }}{% endif %}\n{{ url }}\n');
    const crier = await world.crier(deliveryEnv(world.prefix, fakes, templates, { ALERT_WEBHOOK_URL: sink.url }));
    const posts = await send(crier, { ...seed, id: 'sport-article', section: 'Sport' });
    const mastodon = posts.find((p) => p.platform === 'mastodon')!.id;
    await eventually(() => sink.received.some((a) => a.post === mastodon), 20_000, 'the failed-template alert');
    await send(crier, { ...seed, id: 'sport-article', section: 'Sport' });
    await alertsSettled(`${world.prefix}:q`);
    expect(sink.received.filter((a) => a.post === mastodon)).toEqual([
      expect.objectContaining({ type: 'post.failed', platform: 'mastodon', reason: expect.stringMatching(/mastodon\.liquid/) }),
    ]);
    expect(sink.received.filter((a) => a.platform === 'x')).toEqual([]);
  });
});
