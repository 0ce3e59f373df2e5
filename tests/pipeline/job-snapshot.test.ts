import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, deliveryEnv, eventually, randomPrefix, startCrier, startFakes, threadTemplatesDir, type CrierUnderTest, type Fakes } from '../helpers/crier-harness.js';
import { signedHeaders } from '../helpers/sign.js';

// A publish job carries the post as it was queued and claims from that copy when nothing changed.
// These check the other case: a post changed after its job was queued goes out as it is now.
const seed = JSON.parse(readFileSync('tests/fixtures/beijing-islamabad.json', 'utf8')) as Record<string, unknown>;

let fakes: Fakes | undefined;
let crier: CrierUnderTest | undefined;
const dirs: string[] = [];
let prefix = '';

afterEach(async () => {
  await crier?.stop();
  await fakes?.close();
  await cleanup(prefix, dirs.splice(0));
  crier = undefined;
  fakes = undefined;
});

interface PostView {
  state: string;
  version: number;
  draft: { parts: { text: string }[] };
}

async function postOf(c: CrierUnderTest, id: string): Promise<{ post: PostView; history: { from: string | null; to: string }[] }> {
  return (await c.editor('GET', `/v1/posts/${id}`)).json as { post: PostView; history: { from: string | null; to: string }[] };
}

describe('a publish job and the post it was queued with', () => {
  it('sends the text an editor changed while the post waited in its hold window, not the queued copy', async () => {
    prefix = randomPrefix();
    fakes = await startFakes();
    const templates = threadTemplatesDir();
    dirs.push(templates);
    crier = await startCrier(deliveryEnv(prefix, fakes, templates, { HOLD_SECONDS: '2' }));
    const c = crier;
    const body = JSON.stringify(seed);
    const res = await fetch(`${c.url}/v1/articles`, { method: 'POST', body, headers: signedHeaders(body) });
    const { posts } = (await res.json()) as { posts: { id: string; platform: string }[] };
    const xId = posts.find((p) => p.platform === 'x')!.id;

    const { post } = await postOf(c, xId);
    expect(post.state).toBe('scheduled');
    const edited = post.draft.parts.map((p) => p.text);
    edited[0] = `${edited[0]!.slice(0, 200)} (edited)`;
    expect((await c.editor('PATCH', `/v1/posts/${xId}`, { version: post.version, parts: edited })).status).toBe(200);

    await eventually(async () => (await postOf(c, xId)).post.state === 'published', 20_000, 'x published after its hold');
    expect(fakes.x.liveTweets().map((t) => t.sentText)).toEqual(edited);
    const { history } = await postOf(c, xId);
    expect(history.map((h) => [h.from, h.to])).toEqual([
      [null, 'scheduled'],
      ['scheduled', 'scheduled'],
      ['scheduled', 'publishing'],
      ['publishing', 'published'],
    ]);
  });
});
