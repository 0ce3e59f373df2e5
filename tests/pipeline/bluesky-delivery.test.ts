import { AtpAgent } from '@atproto/api';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestPds, type TestAccount, type TestPds } from '../fakes/bluesky-pds.js';
import { startBlueskyProxy, type BlueskyProxy } from '../fakes/bluesky-proxy.js';
import { startTestSite, type BlueskyTestSite } from '../fakes/bluesky-site.js';
import { eventually, sendEvent, useCrierWorld, type CrierUnderTest, type Fakes } from '../helpers/crier-harness.js';
import { articleJson } from '../helpers/builders.js';

interface StoredPost {
  uri: string;
  value: {
    text: string;
    langs?: string[];
    reply?: { root: { uri: string }; parent: { uri: string } };
    facets?: { index: { byteStart: number; byteEnd: number }; features: { $type: string; uri?: string; tag?: string }[] }[];
    embed?: { $type: string; external: { uri: string; title: string; description: string; thumb?: { mimeType: string; size: number } } };
  };
}

const seed = articleJson();
let pds: TestPds;
let proxy: BlueskyProxy;
let account: TestAccount;
let site: BlueskyTestSite;
let fakes: Fakes;
let crier: CrierUnderTest;
// One crier for the file: the PDS and the link-card site take a while to start.
const world = useCrierWorld({ per: 'file' });

beforeAll(async () => {
  pds = await startTestPds();
  world.onCleanup(() => pds.close());
  proxy = await startBlueskyProxy(pds.url);
  world.onCleanup(() => proxy.close());
  account = await pds.createAccount('newsroom.test');
  const photo = await sharp({ create: { width: 1600, height: 900, channels: 3, background: { r: 20, g: 90, b: 160 } } }).png().toBuffer();
  site = await startTestSite({
    '/south-asia/beijing-backs-islamabads-national-security-efforts-amid-tensions/': {
      contentType: 'text/html',
      body: '<html><head><meta property="og:image" content="/photo.png"></head><body>article</body></html>',
    },
    '/photo.png': { contentType: 'image/png', body: photo },
  });
  world.onCleanup(() => site.close());
  fakes = await world.fakes();
  crier = await world.crier(
    await world.env({
      BLUESKY_SERVICE: proxy.url,
      BLUESKY_IDENTIFIER: account.handle,
      BLUESKY_APP_PASSWORD: account.appPassword,
    }),
  );
}, 120_000);

describe('the whole path to X, Bluesky (a real PDS) and Mastodon', () => {
  it('posts each platform its thread from one signed event, and Bluesky reads well', async () => {
    const event = { ...seed, url: `${site.url}/south-asia/beijing-backs-islamabads-national-security-efforts-amid-tensions/` };
    const res = await sendEvent(crier, event);
    expect(res.status).toBe(202);
    const posts = res.json.posts;
    expect(posts.map((p) => p.platform).sort()).toEqual(['bluesky', 'mastodon', 'x']);
    for (const p of posts) {
      await eventually(async () => ((await crier.editor('GET', `/v1/posts/${p.id}`)).json as { post: { state: string } }).post.state === 'published', 40_000, `${p.platform} published`);
    }
    const bskyPost = ((await crier.editor('GET', `/v1/posts/${posts.find((p) => p.platform === 'bluesky')!.id}`)).json as {
      post: { draft: { parts: { text: string }[]; link: { displayText?: string } } };
    }).post;

    const agent = new AtpAgent({ service: pds.url });
    const listed = await agent.com.atproto.repo.listRecords({ repo: account.did, collection: 'app.bsky.feed.post', limit: 100 });
    const records = (listed.data.records as unknown as StoredPost[]).slice().reverse(); // oldest first
    expect(records.map((r) => r.value.text)).toEqual(bskyPost.draft.parts.map((p) => p.text));
    records.forEach((r, i) => {
      expect(r.value.langs).toEqual(['en']);
      if (i === 0) expect(r.value.reply).toBeUndefined();
      else expect(r.value.reply).toMatchObject({ root: { uri: records[0]!.uri }, parent: { uri: records[i - 1]!.uri } });
    });

    // The text shows the short form of the link; its facet points at the full article URL.
    const first = records[0]!.value;
    const shown = bskyPost.draft.link.displayText!;
    expect(shown).toMatch(/^127\.0\.0\.1\/south-asia\/beijing-back.*…$/u);
    const encoder = new TextEncoder();
    const start = encoder.encode(first.text.slice(0, first.text.indexOf(shown))).length;
    const linkFacet = first.facets?.find((f) => f.features.some((x) => x.$type === 'app.bsky.richtext.facet#link'));
    expect(linkFacet?.index).toEqual({ byteStart: start, byteEnd: start + encoder.encode(shown).length });
    expect(linkFacet?.features[0]?.uri).toBe(event.url);

    // The link card: headline, summary lead and a thumbnail from the page's og:image, under the blob limit.
    expect(first.embed?.$type).toBe('app.bsky.embed.external');
    expect(first.embed?.external).toMatchObject({ uri: event.url, title: seed.headline });
    expect(first.embed?.external.description).toMatch(/^China pledges support for Pakistan’s national security/);
    expect(first.embed?.external.thumb?.mimeType).toBe('image/jpeg');
    expect(first.embed?.external.thumb?.size).toBeLessThan(1_000_000);

    expect(proxy.count('com.atproto.server.createSession')).toBe(1);
    expect(fakes.x.liveTweets().length).toBeGreaterThanOrEqual(2);
    expect(fakes.mastodon.liveStatuses().length).toBeGreaterThanOrEqual(2);
  });
});
