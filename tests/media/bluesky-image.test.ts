import { AtpAgent } from '@atproto/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPds, type TestAccount, type TestPds } from '../fakes/bluesky-pds.js';
import { cleanup, deliveryEnv, eventually, randomPrefix, startCrier, startFakes, type CrierUnderTest, type Fakes } from '../helpers/crier-harness.js';
import { signedHeaders } from '../helpers/sign.js';
import { startImageHost, type ImageHost } from './image-host.js';
import { articleJson } from '../helpers/builders.js';

interface CardRecord {
  value: { text: string; embed?: { external: { uri: string; thumb?: { mimeType: string } } } };
}

const seed = articleJson();
let pds: TestPds;
let account: TestAccount;
let host: ImageHost;
let fakes: Fakes;
let crier: CrierUnderTest;
const prefix = randomPrefix();

beforeAll(async () => {
  pds = await startTestPds();
  account = await pds.createAccount('newsroom.test');
  host = await startImageHost();
  fakes = await startFakes();
  crier = await startCrier(
    deliveryEnv(prefix, fakes, 'templates', {
      BLUESKY_SERVICE: pds.url,
      BLUESKY_IDENTIFIER: account.handle,
      BLUESKY_APP_PASSWORD: account.appPassword,
      MEDIA_FETCH_ATTEMPTS: '2',
      MEDIA_RETRY_DELAY_MS: '50',
    }),
  );
}, 120_000);

afterAll(async () => {
  await crier?.stop();
  await fakes?.close();
  await host?.close();
  await pds?.close();
  await cleanup(prefix);
});

async function deliver(id: string, url: string, imageUrl: string): Promise<{ platform: string; warnings?: string[] }[]> {
  const body = JSON.stringify({ ...seed, id, url, image: { url: imageUrl, alt: 'Leaders meet' } });
  const res = await fetch(`${crier.url}/v1/articles`, { method: 'POST', body, headers: signedHeaders(body) });
  expect(res.status).toBe(202);
  const ids = ((await res.json()) as { posts: { id: string }[] }).posts.map((p) => p.id);
  return eventually(async () => {
    const posts = await Promise.all(ids.map(async (pid) => ((await crier.editor('GET', `/v1/posts/${pid}`)).json as { post: { state: string; platform: string; warnings?: string[] } }).post));
    return posts.every((p) => p.state === 'published') && posts;
  }, 40_000, 'every post published');
}

async function cardFor(articleUrl: string): Promise<CardRecord> {
  const agent = new AtpAgent({ service: pds.url });
  const listed = await agent.com.atproto.repo.listRecords({ repo: account.did, collection: 'app.bsky.feed.post', limit: 100 });
  const found = (listed.data.records as unknown as CardRecord[]).find((r) => r.value.embed?.external.uri === articleUrl);
  if (!found) throw new Error(`no Bluesky post with a card for ${articleUrl}`);
  return found;
}

describe('Bluesky (a real PDS) with the article image', () => {
  it('the card thumbnail comes from the same single fetch as X and Mastodon', async () => {
    const url = `${host.url}/article.html?once`;
    const posts = await deliver('bluesky-image-once', url, `${host.url}/photo.png`);
    expect(posts.map((p) => p.platform).sort()).toEqual(['bluesky', 'mastodon', 'x']);
    expect(host.hits('/photo.png')).toBe(1);
    expect((await cardFor(url)).value.embed?.external.thumb?.mimeType).toBe('image/jpeg');
  });

  it('an image and a page that cannot be had: the card goes without a thumbnail and the post says why', async () => {
    const url = `${host.url}/gone.html`;
    const posts = await deliver('bluesky-image-missing', url, `${host.url}/missing.png`);
    const bluesky = posts.find((p) => p.platform === 'bluesky')!;
    expect(bluesky.warnings).toEqual([expect.stringMatching(/^image .*\/missing\.png left out: .*answered 404/)]);
    expect((await cardFor(url)).value.embed?.external.thumb).toBeUndefined();
    expect(host.hits('/missing.png')).toBe(1);
  });
});
