import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, deliveryEnv, eventually, randomPrefix, startCrier, startFakes, threadTemplatesDir, type CrierUnderTest, type Fakes } from '../helpers/crier-harness.js';
import { signedHeaders } from '../helpers/sign.js';
import { articleJson } from '../helpers/builders.js';

const seed = articleJson();
const running: CrierUnderTest[] = [];
let fakes: Fakes | undefined;
let prefix = '';
const dirs: string[] = [];

afterEach(async () => {
  for (const c of running.splice(0)) await c.stop();
  await fakes?.close();
  await cleanup(prefix, dirs.splice(0));
});

async function setUp(extra: Record<string, string> = {}): Promise<{ env: Record<string, string>; intake: CrierUnderTest; f: Fakes }> {
  prefix = randomPrefix();
  fakes = await startFakes();
  const templates = threadTemplatesDir();
  dirs.push(templates);
  const env = deliveryEnv(prefix, fakes, templates, extra);
  const intake = await startCrier(env, { serve: true, work: false });
  running.push(intake);
  return { env, intake, f: fakes };
}

async function publish(intake: CrierUnderTest, event: Record<string, unknown>): Promise<void> {
  const body = JSON.stringify(event);
  const res = await fetch(`${intake.url}/v1/articles`, { method: 'POST', body, headers: signedHeaders(body) });
  expect(res.status).toBe(202);
}

const firstParts = (f: Fakes) => f.x.liveTweets().filter((t) => t.replyTo === undefined);

describe('queue order and pacing per account', () => {
  it('breaking news jumps the queue', async () => {
    const { env, intake, f } = await setUp();
    for (let i = 1; i <= 3; i++) await publish(intake, { ...seed, id: `normal-${i}`, headline: `Normal story ${i}` });
    await publish(intake, { ...seed, id: 'breaking-1', headline: 'Dam bursts upstream', priority: 'breaking' });
    running.push(await startCrier({ ...env }, { serve: false, work: true }));
    await eventually(() => firstParts(f).length === 4, 30_000, 'four posts on X');
    expect(firstParts(f)[0]!.sentText.startsWith('BREAKING: Dam bursts upstream')).toBe(true);
    expect(firstParts(f).slice(1).map((t) => t.sentText.split('\n')[0])).toEqual(['Normal story 1', 'Normal story 2', 'Normal story 3']);
  });

  it('paces one account: posts at least DELIVERY_PACE_MS apart', async () => {
    const { env, intake, f } = await setUp({ DELIVERY_PACE_MS: '800' });
    for (let i = 1; i <= 3; i++) await publish(intake, { ...seed, id: `paced-${i}`, headline: `Paced story ${i}` });
    running.push(await startCrier({ ...env }, { serve: false, work: true }));
    await eventually(() => firstParts(f).length === 3, 30_000, 'three posts on X');
    const times = firstParts(f).map((t) => Date.parse(t.createdAt));
    // The limiter spaces job starts by 800 ms; arrival times also carry HTTP jitter, hence the margin.
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(400);
  });
});
