import { randomBytes } from 'node:crypto';
import { AtpAgent } from '@atproto/api';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLedger } from '../../../src/domain/memory-ledger.js';
import { ForgetfulLedger } from '../../fakes/bluesky-ledger.js';
import { startTestSite, type BlueskyTestSite } from '../../fakes/bluesky-site.js';
import { adapterFor, getPost, listPosts, makeDraft, newAccount, useBlueskyEnv, type PostRecordValue } from './setup.js';

/** Random pixels: the worst case for JPEG, so the encoder has to work to get under the limit. */
async function noiseImage(width: number, height: number, format: 'png' | 'jpeg'): Promise<Buffer> {
  const raw = randomBytes(width * height * 3);
  const img = sharp(raw, { raw: { width, height, channels: 3 } });
  return format === 'png' ? img.png().toBuffer() : img.jpeg({ quality: 98 }).toBuffer();
}

function blobCid(thumb: NonNullable<NonNullable<PostRecordValue['embed']>['external']['thumb']>): string {
  const ref = thumb.ref as { $link?: string; toString(): string };
  return ref.$link ?? ref.toString();
}

describe('BlueskyAdapter link card', () => {
  const env = useBlueskyEnv();
  let site: BlueskyTestSite;
  let bigPng: Buffer;
  let bigJpeg: Buffer;

  beforeAll(async () => {
    bigPng = await noiseImage(1400, 1000, 'png');
    bigJpeg = await noiseImage(2600, 1700, 'jpeg');
    site = await startTestSite({
      '/news/article': {
        contentType: 'text/html; charset=utf-8',
        body: `<!doctype html><html><head><title>x</title>
          <meta name="twitter:image" content="/img/wrong.png">
          <meta property="og:image" content="../img/lead.png"></head><body>Story</body></html>`,
      },
      '/news/no-image': { contentType: 'text/html', body: '<html><head></head><body>nothing</body></html>' },
      '/img/lead.png': { contentType: 'image/png', body: bigPng },
      '/img/direct.jpg': { contentType: 'image/jpeg', body: bigJpeg },
    });
  });

  afterAll(async () => {
    await site?.close();
  });

  it('builds the card from the draft link, with a thumbnail from the page og:image shrunk under 1,000,000 bytes as JPEG', async () => {
    expect(bigPng.length).toBeGreaterThan(1_000_000);
    const account = await newAccount(env);
    const adapter = adapterFor(env, account);
    const link = { url: `${site.url}/news/article`, title: 'Beijing backs Islamabad', description: 'China pledges support' };
    const result = await adapter.post(makeDraft(['card', 'reply'], { link }), new MemoryLedger());

    const { value } = await getPost(env, result.parts[0]!.remoteId);
    expect(value.embed?.$type).toBe('app.bsky.embed.external');
    expect(value.embed?.external).toMatchObject({ uri: link.url, title: link.title, description: link.description });
    const thumb = value.embed!.external.thumb!;
    expect(thumb.mimeType).toBe('image/jpeg');
    expect(thumb.size).toBeLessThan(1_000_000);
    expect(site.hits('/img/lead.png')).toBe(1);
    expect(site.hits('/img/wrong.png')).toBe(0);

    // The blob is stored on the PDS, and it is the JPEG the record describes.
    const agent = new AtpAgent({ service: env.pds.url });
    const blob = await agent.com.atproto.sync.getBlob({ did: account.did, cid: blobCid(thumb) });
    expect(blob.data.length).toBe(thumb.size);
    const meta = await sharp(blob.data).metadata();
    expect(meta.format).toBe('jpeg');
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeLessThanOrEqual(2000);
  });

  it('keeps the thumb blob ref in the ledger as JSON and re-sends the same record from it: no new post, same cid', async () => {
    const account = await newAccount(env);
    const adapter = adapterFor(env, account);
    const ledger = new ForgetfulLedger();
    const link = { url: `${site.url}/news/article`, title: 'T', description: 'D' };
    const draft = makeDraft(['with thumb'], { link });
    const first = await adapter.post(draft, ledger);
    const imageHits = site.hits('/img/lead.png');

    const prepared = (await ledger.entries()).get(0)?.prepared;
    const storedThumb = JSON.parse(JSON.stringify(prepared)).record.embed.external.thumb;
    expect(storedThumb).toMatchObject({ $type: 'blob', ref: { $link: expect.any(String) }, mimeType: 'image/jpeg' });

    ledger.forgetDelivered(0);
    const again = await adapter.post(draft, ledger);
    expect(again.parts[0]).toEqual(first.parts[0]);
    expect(site.hits('/img/lead.png')).toBe(imageHits);
    const posts = await listPosts(env, account.did);
    expect(posts.map((p) => p.cid)).toEqual([first.parts[0]!.ref!.cid]);
    expect(blobCid(posts[0]!.value.embed!.external.thumb!)).toBe(storedThumb.ref.$link);
  });

  it('uses link.imageUrl when the draft has one, without fetching the page, and caps the longest side at 2000px', async () => {
    expect(bigJpeg.length).toBeGreaterThan(1_000_000);
    const account = await newAccount(env);
    const adapter = adapterFor(env, account);
    const pageHitsBefore = site.hits('/news/no-image');
    const link = { url: `${site.url}/news/no-image`, title: 'T', description: 'D', imageUrl: `${site.url}/img/direct.jpg` };
    const result = await adapter.post(makeDraft(['direct image'], { link }), new MemoryLedger());

    const thumb = (await getPost(env, result.parts[0]!.remoteId)).value.embed!.external.thumb!;
    expect(site.hits('/news/no-image')).toBe(pageHitsBefore);
    expect(thumb.size).toBeLessThan(1_000_000);
    const agent = new AtpAgent({ service: env.pds.url });
    const blob = await agent.com.atproto.sync.getBlob({ did: account.did, cid: blobCid(thumb) });
    const meta = await sharp(blob.data).metadata();
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeLessThanOrEqual(2000);
  });

  it('posts the card without a thumbnail when the image cannot be had, and says why', async () => {
    const account = await newAccount(env);
    const warnings: string[] = [];
    const adapter = adapterFor(env, account, { onWarning: (m) => warnings.push(m) });
    const link = { url: `${site.url}/news/no-image`, title: 'T', description: 'D', imageUrl: `${site.url}/img/missing.png` };
    const result = await adapter.post(makeDraft(['no thumb'], { link }), new MemoryLedger());

    const { value } = await getPost(env, result.parts[0]!.remoteId);
    expect(value.embed?.external).toEqual({ uri: link.url, title: 'T', description: 'D' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('404');
  });

  it('posts the card without a thumbnail and without a warning when the page declares no image', async () => {
    const account = await newAccount(env);
    const warnings: string[] = [];
    const adapter = adapterFor(env, account, { onWarning: (m) => warnings.push(m) });
    const link = { url: `${site.url}/news/no-image`, title: 'T', description: 'D' };
    const result = await adapter.post(makeDraft(['no og:image'], { link }), new MemoryLedger());
    expect((await getPost(env, result.parts[0]!.remoteId)).value.embed?.external.thumb).toBeUndefined();
    expect(warnings).toEqual([]);
  });
});
