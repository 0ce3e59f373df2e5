import { describe, expect, it } from 'vitest';
import { articleJson } from '../helpers/builders.js';
import { eventually, sendEvent, useCrierWorld, type CrierUnderTest } from '../helpers/crier-harness.js';

// A publish job carries the post as it was queued and claims from that copy when nothing changed.
// This checks the other case: a post changed after its job was queued goes out as it is now.
const world = useCrierWorld();

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
    const fakes = await world.fakes();
    const c = await world.crier(await world.env({ HOLD_SECONDS: '2' }));
    const { json } = await sendEvent(c, articleJson());
    const xId = json.posts.find((p) => p.platform === 'x')!.id;

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
