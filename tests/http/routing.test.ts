import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { signedHeaders } from '../helpers/sign.js';
import { useApps } from '../helpers/app-harness.js';
import { articleJson } from '../helpers/builders.js';

const seed = articleJson();
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const startApp = useApps();

async function publish(event: Record<string, unknown>): Promise<{ platform: string; account: string; state: string; scheduledAt: string | null }[]> {
  const dir = mkdtempSync(join(tmpdir(), 'crier-routing-'));
  const file = join(dir, 'accounts.json');
  writeFileSync(
    file,
    JSON.stringify({
      accounts: [
        { platform: 'x', name: 'politics', credentials: { apiKey: '$XP', apiSecret: '$XP', accessToken: '$XP', accessSecret: '$XP' }, sections: ['Politics'], review: true },
        { platform: 'mastodon', name: 'sport', credentials: { url: 'https://sport.example', accessToken: '$XP' }, tags: ['Football'], holdSeconds: 600 },
      ],
    }),
  );
  dirs.push(dir);
  const { app } = await startApp({ env: { ACCOUNTS_FILE: file, XP: 'secret-value' } });
  const body = JSON.stringify(event);
  const res = await app.inject({ method: 'POST', url: '/v1/articles', payload: body, headers: signedHeaders(body) });
  expect(res.statusCode).toBe(202);
  return res.json<{ posts: { platform: string; account: string; state: string; scheduledAt: string | null }[] }>().posts;
}

const targets = (posts: { platform: string; account: string }[]) => posts.map((p) => `${p.platform}/${p.account}`).sort();

describe('routing by section and tag (ACCOUNTS_FILE)', () => {
  it('an article in no routed section or tag goes to the unrouted accounts only', async () => {
    expect(targets(await publish(seed))).toEqual(['bluesky/default', 'mastodon/default', 'x/default']);
  });

  it('a Politics article also goes to the politics account, held for review there', async () => {
    const posts = await publish({ ...seed, id: 'p1', section: 'Politics' });
    expect(targets(posts)).toEqual(['bluesky/default', 'mastodon/default', 'x/default', 'x/politics']);
    expect(posts.find((p) => p.account === 'politics')!.state).toBe('pending_review');
    expect(posts.find((p) => p.platform === 'x' && p.account === 'default')!.state).toBe('scheduled');
  });

  it('a football-tagged article goes to the sport account with its own hold window', async () => {
    const before = Date.now();
    const posts = await publish({ ...seed, id: 'f1', tags: ['football'] });
    const sport = posts.find((p) => p.account === 'sport')!;
    expect(sport.state).toBe('scheduled');
    expect(Date.parse(sport.scheduledAt!) - before).toBeGreaterThanOrEqual(600_000 - 1000);
    const x = posts.find((p) => p.platform === 'x')!;
    expect(Date.parse(x.scheduledAt!) - before).toBeLessThan(60_000);
  });
});
