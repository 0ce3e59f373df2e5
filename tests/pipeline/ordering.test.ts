import { describe, expect, it } from 'vitest';
import { eventually, sendEvent, useCrierWorld, type CrierUnderTest, type Fakes } from '../helpers/crier-harness.js';
import { articleJson } from '../helpers/builders.js';

const seed = articleJson();
const world = useCrierWorld();

/** An intake-only crier; each test starts the worker when the queue is as it wants it. */
async function setUp(extra: Record<string, string> = {}): Promise<{ env: Record<string, string>; intake: CrierUnderTest; f: Fakes }> {
  const env = await world.env(extra);
  const intake = await world.crier(env, { serve: true, work: false });
  return { env, intake, f: await world.fakes() };
}

async function publish(intake: CrierUnderTest, event: Record<string, unknown>): Promise<void> {
  expect((await sendEvent(intake, event)).status).toBe(202);
}

const firstParts = (f: Fakes) => f.x.liveTweets().filter((t) => t.replyTo === undefined);

describe('queue order and pacing per account', () => {
  it('breaking news jumps the queue', async () => {
    const { env, intake, f } = await setUp();
    for (let i = 1; i <= 3; i++) await publish(intake, { ...seed, id: `normal-${i}`, headline: `Normal story ${i}` });
    await publish(intake, { ...seed, id: 'breaking-1', headline: 'Dam bursts upstream', priority: 'breaking' });
    await world.crier({ ...env }, { serve: false, work: true });
    await eventually(() => firstParts(f).length === 4, 30_000, 'four posts on X');
    expect(firstParts(f)[0]!.sentText.startsWith('BREAKING: Dam bursts upstream')).toBe(true);
    expect(firstParts(f).slice(1).map((t) => t.sentText.split('\n')[0])).toEqual(['Normal story 1', 'Normal story 2', 'Normal story 3']);
  });

  it('paces one account: posts at least DELIVERY_PACE_MS apart', async () => {
    const { env, intake, f } = await setUp({ DELIVERY_PACE_MS: '800' });
    for (let i = 1; i <= 3; i++) await publish(intake, { ...seed, id: `paced-${i}`, headline: `Paced story ${i}` });
    await world.crier({ ...env }, { serve: false, work: true });
    await eventually(() => firstParts(f).length === 3, 30_000, 'three posts on X');
    const times = firstParts(f).map((t) => Date.parse(t.createdAt));
    // The limiter spaces job starts by 800 ms; arrival times also carry HTTP jitter, hence the margin.
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(400);
  });
});
