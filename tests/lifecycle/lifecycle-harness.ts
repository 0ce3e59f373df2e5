import { AtpAgent } from '@atproto/api';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startTestPds } from '../fakes/bluesky-pds.js';
import type { TestAccount, TestPds } from '../fakes/bluesky-pds.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack.js';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram.js';
import { cleanup, deliveryEnv, eventually, randomPrefix, startCrier, startFakes, type CrierUnderTest, type Fakes } from '../helpers/crier-harness.js';
import { articleJson } from '../helpers/builders.js';
import { signedHeaders } from '../helpers/sign.js';

export const seed = articleJson();

export interface PostView {
  id: string;
  platform: string;
  account: string;
  state: string;
  kind?: string;
  correctionOf?: string;
  revision: string;
  draft: { parts: { text: string }[] };
  delivered: { index: number; remoteId: string }[];
  retraction?: { status: string; reason: string; error?: string };
  editedBy?: string;
  scheduledAt?: string;
  embargoUntil?: string;
}

export interface World {
  crier: CrierUnderTest;
  fakes: Fakes;
  telegram?: FakeTelegram;
  discord?: FakeDiscord;
  slack?: FakeSlack;
  bluesky?: { pds: TestPds; account: TestAccount };
  send(event: Record<string, unknown>): Promise<{ status: number; json: { action: string; posts: { id: string; platform: string; state: string }[] } }>;
  post(id: string): Promise<PostView>;
  articlePosts(articleId: string): Promise<PostView[]>;
  waitFor(articleId: string, platform: string, state: string, kind?: string): Promise<PostView>;
  /** Live (not deleted) Bluesky post records of the test account, oldest first. */
  blueskyTexts(): Promise<{ uri: string; text: string; reply?: { root: { uri: string }; parent: { uri: string } } }[]>;
  stop(): Promise<void>;
}

export interface WorldOptions {
  env?: Record<string, string>;
  /** Also deliver to Telegram, Discord and Slack fakes. */
  chat?: boolean;
  bluesky?: { pds: TestPds; handle: string };
}

/**
 * The lifecycle tests' fixture: one PDS for the file, one World per test (stopped after it), and a
 * fresh Bluesky account for each world that asks for one.
 */
export function useWorlds(handlePrefix: string): { start(options?: Omit<WorldOptions, 'bluesky'> & { bluesky?: boolean }): Promise<World> } {
  let pds: TestPds | undefined;
  let world: World | undefined;
  let accounts = 0;
  beforeAll(async () => {
    pds = await startTestPds();
  }, 120_000);
  afterAll(async () => {
    await pds?.close();
  });
  afterEach(async () => {
    await world?.stop();
    world = undefined;
  });
  return {
    async start({ bluesky, ...options } = {}) {
      const handle = `${handlePrefix}${++accounts}.test`;
      world = await startWorld({ ...options, bluesky: bluesky && pds ? { pds, handle } : undefined });
      return world;
    },
  };
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const prefix = randomPrefix();
  const fakes = await startFakes();
  const extra: Record<string, string> = { ...options.env };
  let telegram: FakeTelegram | undefined;
  let discord: FakeDiscord | undefined;
  let slack: FakeSlack | undefined;
  if (options.chat) {
    telegram = await startFakeTelegram({ token: '123:telegram-token', chats: { '@newsroom': { id: -1001, username: 'newsroom' } } });
    discord = await startFakeDiscord({ id: '42', token: 'discord-token' });
    slack = await startFakeSlack({ secret: 'slack-secret' });
    Object.assign(extra, {
      TELEGRAM_API_URL: telegram.url,
      TELEGRAM_BOT_TOKEN: '123:telegram-token',
      TELEGRAM_CHAT_ID: '@newsroom',
      DISCORD_WEBHOOK_URL: discord.webhookUrl,
      SLACK_WEBHOOK_URL: slack.webhookUrl,
    });
  }
  let bluesky: World['bluesky'];
  if (options.bluesky) {
    const account = await options.bluesky.pds.createAccount(options.bluesky.handle);
    bluesky = { pds: options.bluesky.pds, account };
    Object.assign(extra, { BLUESKY_SERVICE: options.bluesky.pds.url, BLUESKY_IDENTIFIER: account.handle, BLUESKY_APP_PASSWORD: account.appPassword });
  }
  const crier = await startCrier(deliveryEnv(prefix, fakes, 'templates', extra));

  const world: World = {
    crier,
    fakes,
    telegram,
    discord,
    slack,
    bluesky,
    async send(event) {
      const body = JSON.stringify(event);
      const res = await fetch(`${crier.url}/v1/articles`, { method: 'POST', body, headers: signedHeaders(body) });
      return { status: res.status, json: (await res.json()) as { action: string; posts: { id: string; platform: string; state: string }[] } };
    },
    async post(id) {
      const res = await crier.editor('GET', `/v1/posts/${id}`);
      return (res.json as { post: PostView }).post;
    },
    async articlePosts(articleId) {
      const res = await crier.editor('GET', `/v1/articles/${encodeURIComponent(articleId)}`);
      if (res.status !== 200) throw new Error(`GET article ${articleId}: ${res.status} ${JSON.stringify(res.json)}`);
      return (res.json as { posts: PostView[] }).posts;
    },
    async waitFor(articleId, platform, state, kind = 'article') {
      return eventually(
        async () => (await world.articlePosts(articleId)).find((p) => p.platform === platform && (p.kind ?? 'article') === kind && p.state === state),
        40_000,
        `${kind} post on ${platform} to be ${state}`,
      );
    },
    async blueskyTexts() {
      if (!bluesky) return [];
      const agent = new AtpAgent({ service: bluesky.pds.url });
      const listed = await agent.com.atproto.repo.listRecords({ repo: bluesky.account.did, collection: 'app.bsky.feed.post', limit: 100 });
      return listed.data.records
        .map((r) => ({ uri: r.uri, ...(r.value as { text: string; reply?: { root: { uri: string }; parent: { uri: string } } }) }))
        .reverse();
    },
    async stop() {
      await crier.stop();
      await fakes.close();
      await telegram?.close();
      await discord?.close();
      await slack?.close();
      await cleanup(prefix);
    },
  };
  return world;
}
