import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliEnv, MASTODON_TOKEN, startFakes, X_CREDENTIALS, type Fakes } from '../helpers/crier-harness.js';
import { mastodonFaults } from '../fakes/mastodon.js';
import { hasStackTrace, runCrier } from './spawn-with-stdin.js';

// Each test starts two or three crier processes that load the platform SDKs through tsx.
const SLOW = 90_000;
// Tests that run crier three or four times.
const SLOWER = 240_000;

const FIXTURE = 'tests/fixtures/beijing-islamabad.json';

interface RenderedPost {
  platform: string;
  account: string;
  parts: { text: string }[];
}

/** X and Mastodon pointed at the fakes; every other platform unset (runCrier strips the parent's). */
const sendEnv = (fakes: Fakes): Record<string, string> => cliEnv(fakes);

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
  let stateDir: string;
  /** `crier send` with this test's own state dir, so its send ledgers start empty. */
  const send = (args: string[], env: Record<string, string>) => runCrier(['send', ...args, '--state-dir', stateDir], env);

  beforeEach(async () => {
    fakes = await startFakes();
    stateDir = mkdtempSync(join(tmpdir(), 'crier-send-state-'));
  });

  afterEach(async () => {
    await fakes.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('delivers the composed posts to X and Mastodon and lists what went out', async () => {
    const env = sendEnv(fakes);
    const expected = await renderTexts(env);
    const xTexts = expected.get('x') ?? [];
    const mastodonTexts = expected.get('mastodon') ?? [];
    expect(xTexts.length).toBeGreaterThan(0);
    expect(mastodonTexts.length).toBeGreaterThan(1); // the fixture makes a Mastodon thread

    const run = await send([FIXTURE], env);
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
    const run = await send([FIXTURE, '--dry-run'], env);
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

    const run = await send([FIXTURE], env);
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

  it('run twice, the second run posts nothing and says what went out before', async () => {
    const env = sendEnv(fakes);
    const expected = await renderTexts(env);
    const first = await send([FIXTURE], env);
    expect(first.code).toBe(0);
    const tweetIds = fakes.x.liveTweets().map((t) => t.id);
    const statusUrls = fakes.mastodon.liveStatuses().map((s) => s.url);
    const requestsAfterFirst = { x: fakes.x.requests.length, mastodon: fakes.mastodon.requests.length };

    const second = await send([FIXTURE], env);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(fakes.x.liveTweets().map((t) => t.sentText)).toEqual(expected.get('x'));
    expect(fakes.mastodon.liveStatuses().map((s) => s.text)).toEqual(expected.get('mastodon'));
    // Nothing was even asked of the platforms' write endpoints.
    expect(fakes.x.requests.slice(requestsAfterFirst.x).filter((r) => r.method === 'POST')).toEqual([]);
    expect(fakes.mastodon.requests.slice(requestsAfterFirst.mastodon).filter((r) => r.path === '/api/v1/statuses')).toEqual([]);

    const x = sentBlock(second.stdout, 'x/default');
    expect(x.header).toBe('x/default: already sent by an earlier crier send; nothing sent now');
    tweetIds.forEach((id, i) => expect(x.urls[i]).toContain(id));
    const mastodon = sentBlock(second.stdout, 'mastodon/default');
    expect(mastodon.header).toBe('mastodon/default: already sent by an earlier crier send; nothing sent now');
    expect(mastodon.urls).toEqual(statusUrls);
    expect(second.stdout).toMatch(/\(send ledger: .*send-ledger\/southasiandesk-2025-08-25-beijing-backs-islamabad-[0-9a-f]{12}\.json\)/);
    const files = readdirSync(join(stateDir, 'send-ledger'));
    expect(files.filter((f) => f.endsWith('.json'))).toHaveLength(1);
    expect(files.some((f) => f.endsWith('.lock'))).toBe(false);
  }, SLOWER);

  it('a run stopped part-way is resumed: the next run sends only the parts that did not go out', async () => {
    const env = sendEnv(fakes);
    const expected = await renderTexts(env);
    const mastodonTexts = expected.get('mastodon') ?? [];
    fakes.mastodon.fail('POST', '/api/v1/statuses', { kind: 'delay', ms: 0 });
    fakes.mastodon.fail('POST', '/api/v1/statuses', mastodonFaults.serverError());
    const first = await send([FIXTURE, '--platform', 'mastodon'], env);
    expect(first.code).not.toBe(0);
    expect(first.stdout).toMatch(/^mastodon\/default: not sent: TransientError\b/m);
    expect(fakes.mastodon.liveStatuses().map((s) => s.text)).toEqual(mastodonTexts.slice(0, 1));

    const second = await send([FIXTURE, '--platform', 'mastodon'], env);
    expect(second.code).toBe(0);
    const statuses = fakes.mastodon.liveStatuses();
    expect(statuses.map((s) => s.text)).toEqual(mastodonTexts);
    expect(statuses.map((s) => s.inReplyToId)).toEqual([null, ...statuses.slice(0, -1).map((s) => s.id)]);
    const block = sentBlock(second.stdout, 'mastodon/default');
    const more = mastodonTexts.length - 1;
    expect(block.header).toBe(`mastodon/default: sent ${more} more ${more === 1 ? 'post' : 'posts'}; 1 had gone out in an earlier crier send`);
    expect(block.urls).toEqual(statuses.map((s) => s.url));
  }, SLOWER);

  it('an answer lost after Mastodon created the status: the next run sends the same Idempotency-Key and no second copy appears', async () => {
    const env = sendEnv(fakes);
    const expected = await renderTexts(env);
    fakes.mastodon.fail('POST', '/api/v1/statuses', { kind: 'acceptThenDrop' });
    const first = await send([FIXTURE, '--platform', 'mastodon'], env);
    expect(first.code).not.toBe(0);
    expect(first.stdout).toMatch(/^mastodon\/default: not sent: AmbiguousOutcomeError\b/m);
    expect(fakes.mastodon.statuses).toHaveLength(1);

    const second = await send([FIXTURE, '--platform', 'mastodon'], env);
    expect(second.code).toBe(0);
    expect(fakes.mastodon.liveStatuses().map((s) => s.text)).toEqual(expected.get('mastodon'));
    const keys = fakes.mastodon.requests.filter((r) => r.path === '/api/v1/statuses').map((r) => r.headers['idempotency-key']);
    expect(keys[0]).toBe(keys[1]);
  }, SLOWER);

  it('refuses to run beside another send of the same article, and takes over a lock whose process is gone', async () => {
    const env = sendEnv(fakes);
    const first = await send([FIXTURE, '--platform', 'x'], env);
    expect(first.code).toBe(0);
    const ledger = readdirSync(join(stateDir, 'send-ledger')).find((f) => f.endsWith('.json'))!;
    const lock = join(stateDir, 'send-ledger', `${ledger}.lock`);
    // A live process holds it: this test's own.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(lock, String(process.pid));
    const refused = await send([FIXTURE, '--platform', 'x'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`another crier send for article southasiandesk-2025-08-25-beijing-backs-islamabad is running (pid ${process.pid})`);
    // A dead one (pid beyond the kernel's maximum): taken over.
    writeFileSync(lock, '99999999');
    const resumed = await send([FIXTURE, '--platform', 'x'], env);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('x/default: already sent by an earlier crier send');
    expect(existsSync(lock)).toBe(false);
    expect(JSON.parse(readFileSync(join(stateDir, 'send-ledger', ledger), 'utf8'))).toMatchObject({ articleId: 'southasiandesk-2025-08-25-beijing-backs-islamabad' });
  }, SLOWER);
});
