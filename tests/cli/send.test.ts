import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MASTODON_TOKEN, startFakes, X_CREDENTIALS, type Fakes } from '../helpers/crier-harness.js';
import { mastodonFaults } from '../fakes/mastodon.js';
import { hasStackTrace, runCrier } from './spawn-with-stdin.js';

// Each test starts two or three crier processes that load the platform SDKs through tsx.
const SLOW = 90_000;

const FIXTURE = 'tests/fixtures/beijing-islamabad.json';

interface RenderedPost {
  platform: string;
  account: string;
  parts: { text: string }[];
}

/** X and Mastodon pointed at the fakes; every other platform unset (runCrier strips the parent's). */
function sendEnv(fakes: Fakes): Record<string, string> {
  return {
    TEMPLATES_DIR: 'templates',
    LOG_LEVEL: 'silent',
    X_API_KEY: X_CREDENTIALS.apiKey,
    X_API_SECRET: X_CREDENTIALS.apiSecret,
    X_ACCESS_TOKEN: X_CREDENTIALS.accessToken,
    X_ACCESS_SECRET: X_CREDENTIALS.accessSecret,
    X_API_URL: fakes.x.url,
    MASTODON_URL: fakes.mastodon.url,
    MASTODON_ACCESS_TOKEN: MASTODON_TOKEN,
    FETCH_ALLOW_PRIVATE: 'true',
  };
}

async function renderTexts(env: Record<string, string>): Promise<Map<string, string[]>> {
  const run = await runCrier(['render', FIXTURE, '--json', '--platform', 'x,mastodon'], env);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const doc = JSON.parse(run.stdout) as { posts: RenderedPost[] };
  expect(doc.posts.map((p) => `${p.platform}/${p.account}`)).toEqual(['x/default', 'mastodon/default']);
  return new Map(doc.posts.map((p) => [p.platform, p.parts.map((part) => part.text)]));
}

/** The lines of `label: sent …` and the indented URL lines under it. */
function sentBlock(output: string, label: string): { header: string; urls: string[] } {
  const lines = output.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`${label}: `));
  expect(start, `a line for ${label} in:\n${output}`).toBeGreaterThanOrEqual(0);
  const urls: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('  ')) break;
    urls.push(line.trim());
  }
  return { header: lines[start] ?? '', urls };
}

describe('crier send', () => {
  let fakes: Fakes;

  beforeEach(async () => {
    fakes = await startFakes();
  });

  afterEach(async () => {
    await fakes.close();
  });

  it('delivers the composed posts to X and Mastodon and lists what went out', async () => {
    const env = sendEnv(fakes);
    const expected = await renderTexts(env);
    const xTexts = expected.get('x') ?? [];
    const mastodonTexts = expected.get('mastodon') ?? [];
    expect(xTexts.length).toBeGreaterThan(0);
    expect(mastodonTexts.length).toBeGreaterThan(1); // the fixture makes a Mastodon thread

    const run = await runCrier(['send', FIXTURE], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    // Exactly the composed parts, once each, in order.
    const tweets = fakes.x.liveTweets();
    expect(tweets.map((t) => t.sentText)).toEqual(xTexts);
    const statuses = fakes.mastodon.liveStatuses();
    expect(statuses.map((s) => s.text)).toEqual(mastodonTexts);
    // A Mastodon thread: each part replies to the one before.
    expect(statuses.map((s) => s.inReplyToId)).toEqual([null, ...statuses.slice(0, -1).map((s) => s.id)]);
    expect(fakes.x.tweets).toHaveLength(xTexts.length);
    expect(fakes.mastodon.statuses).toHaveLength(mastodonTexts.length);

    const x = sentBlock(run.stdout, 'x/default');
    expect(x.header).toMatch(/^x\/default: sent\b/);
    expect(x.urls).toHaveLength(tweets.length);
    tweets.forEach((tweet, i) => expect(x.urls[i]).toContain(tweet.id));

    const mastodon = sentBlock(run.stdout, 'mastodon/default');
    expect(mastodon.header).toMatch(/^mastodon\/default: sent\b/);
    expect(mastodon.urls).toEqual(statuses.map((s) => s.url));
  }, SLOW);

  it('--dry-run composes and sends nothing', async () => {
    const env = sendEnv(fakes);
    const expected = await renderTexts(env);
    const run = await runCrier(['send', FIXTURE, '--dry-run'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/dry run/);
    // It shows what would go out, for both configured accounts.
    expect(run.stdout).toContain('x (default)');
    expect(run.stdout).toContain('mastodon (default)');
    expect(run.stdout).toContain(expected.get('x')?.[0] ?? '(no x text)');
    expect(run.stdout).not.toMatch(/: sent\b/);

    expect(fakes.x.tweets).toEqual([]);
    expect(fakes.mastodon.statuses).toEqual([]);
    expect(fakes.x.requests).toEqual([]);
    expect(fakes.mastodon.requests).toEqual([]);
  }, SLOW);

  it('when Mastodon answers 401: exit code non-zero, X still sent, Mastodon "not sent: AuthError" without the token', async () => {
    const env = sendEnv(fakes);
    const expected = await renderTexts(env);
    fakes.mastodon.fail('POST', '/api/v1/statuses', mastodonFaults.unauthorized());

    const run = await runCrier(['send', FIXTURE], env);
    expect(run.code).not.toBe(0);
    expect(run.code).not.toBeNull();
    expect(hasStackTrace(run.output)).toBe(false);

    const tweets = fakes.x.liveTweets();
    expect(tweets.map((t) => t.sentText)).toEqual(expected.get('x'));
    const x = sentBlock(run.stdout, 'x/default');
    expect(x.header).toMatch(/^x\/default: sent\b/);
    tweets.forEach((tweet, i) => expect(x.urls[i]).toContain(tweet.id));

    expect(fakes.mastodon.liveStatuses()).toEqual([]);
    const mastodonLine = run.output.split('\n').find((l) => l.startsWith('mastodon/default: '));
    expect(mastodonLine).toMatch(/^mastodon\/default: not sent: AuthError\b/);
    expect(run.output).not.toContain(MASTODON_TOKEN);
    for (const secret of [X_CREDENTIALS.apiSecret, X_CREDENTIALS.accessSecret]) expect(run.output).not.toContain(secret);
  }, SLOW);
});
