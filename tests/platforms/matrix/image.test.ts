import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryLedger } from '../../../src/domain/memory-ledger.js';
import { AmbiguousOutcomeError, MediaUnavailableError } from '../../../src/domain/errors/index.js';
import { MatrixAdapter } from '../../../src/platforms/matrix/adapter.js';
import type { MediaFetcher } from '../../../src/platforms/media.js';
import { startFakeMatrix, type FakeMatrix } from '../../fakes/matrix.js';
import { pngBytes } from '../../media/image-host.js';
import { draftFor } from '../http/draft-fixture.js';
import { expectRejects } from '../http/expect-error.js';

const TOKEN = 'syt_image_test_token';
const ROOM = '!newsdesk:matrix.example.org';
const BOT = '@crier:matrix.example.org';
let fake: FakeMatrix;
let png: Buffer;
let fetched: string[];

const fetchPng: MediaFetcher = async (url) => {
  fetched.push(url);
  return { bytes: png, mimeType: 'image/png', url };
};

function adapter(fetchMedia: MediaFetcher = fetchPng, timeoutMs?: number): MatrixAdapter {
  return new MatrixAdapter({
    account: 'default',
    credentials: { homeserverUrl: fake.url, accessToken: TOKEN, roomId: ROOM },
    fetchMedia,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  });
}

beforeEach(async () => {
  fetched = [];
  png = await pngBytes();
  fake = await startFakeMatrix({ tokens: { [TOKEN]: BOT }, rooms: { [ROOM]: [BOT] } });
});
afterEach(async () => {
  await fake.close();
});

describe('Matrix article image', () => {
  it('uploads the image, then sends it as an m.image after the first part, with the alt text as its body', async () => {
    const result = await adapter().post(draftFor('matrix', ['Lead https://example.com/news/beijing-islamabad', 'Second']), new MemoryLedger());

    expect(fetched).toEqual(['https://example.com/media/cpec.jpg']);
    expect(fake.uploads).toEqual([{ contentUri: expect.stringMatching(/^mxc:\/\/matrix\.example\.org\//), type: 'image/png', size: png.length, filename: 'image.png' }]);
    const [lead, image, second] = fake.events;
    expect(lead!.content.msgtype).toBe('m.text');
    expect(image!.content).toEqual({
      msgtype: 'm.image',
      body: 'Leaders shake hands in Beijing',
      url: fake.uploads[0]!.contentUri,
      info: { mimetype: 'image/png', size: png.length },
      'm.mentions': {},
    });
    // The thread hangs off the text, not the image.
    expect(second!.content['m.relates_to']).toMatchObject({ event_id: lead!.eventId });
    expect(result.parts[0]!.ref).toEqual({ eventId: lead!.eventId, imageEventId: image!.eventId });
  });

  it('a retry after the image event was lost uploads nothing new and makes no second event', async () => {
    const ledger = new MemoryLedger();
    const draft = draftFor('matrix', ['Lead']);
    fake.faults.add({ kind: 'accept-then-hang' }, (req) => req.method === 'PUT' && fake.events.length === 1);
    await expectRejects(adapter(fetchPng, 200).post(draft, ledger), AmbiguousOutcomeError);
    await adapter().post(draft, ledger);
    expect(fake.uploads).toHaveLength(1);
    expect(fetched).toHaveLength(1);
    expect(fake.events.map((e) => e.content.msgtype)).toEqual(['m.text', 'm.image']);
  });

  it('an image that cannot be had leaves the post without it', async () => {
    await adapter(async (url) => {
      throw new MediaUnavailableError(url, 'cdn.example.com answered 404');
    }).post(draftFor('matrix', ['Lead']), new MemoryLedger());
    expect(fake.uploads).toHaveLength(0);
    expect(fake.events.map((e) => e.content.msgtype)).toEqual(['m.text']);
  });

  it('retracting the first part redacts its image too', async () => {
    const result = await adapter().post(draftFor('matrix', ['Lead']), new MemoryLedger());
    await adapter().delete(result.parts[0]!);
    expect(fake.events.map((e) => e.redactedBecause !== undefined)).toEqual([true, true]);
  });
});

describe('Matrix article image refused', () => {
  it('an image event the homeserver refuses leaves the part delivered as text, and the thread goes on', async () => {
    fake.faults.add({ kind: 'respond', status: 400, body: { errcode: 'M_BAD_JSON', error: 'bad image info' } }, (req) => req.method === 'PUT' && fake.events.length === 1);
    const result = await adapter().post(draftFor('matrix', ['Lead', 'Second']), new MemoryLedger());
    expect(fake.events.map((e) => e.content.msgtype)).toEqual(['m.text', 'm.text']);
    expect(result.parts[0]!.ref).toEqual({ eventId: fake.events[0]!.eventId });
  });
});
