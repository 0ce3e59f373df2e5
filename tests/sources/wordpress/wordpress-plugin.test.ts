import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseArticleEventJson } from '../../../src/article/parse-article.js';
import { SignatureError, SignatureVerifier } from '../../../src/http/signature.js';
import { TEST_WEBHOOK_SECRET } from '../../helpers/sign.js';
import { useApps, type TestApp } from '../../helpers/app-harness.js';

interface Sent {
  url: string;
  headers: Record<string, string>;
  body: string;
  status: number;
  answer?: string;
}
interface HarnessOutput {
  steps: { event: Record<string, unknown>; body: string; headers: Record<string, string> }[];
  sent: Sent[];
  scheduled: { in: number; hook: string; args: string[] }[];
  pending: Record<string, { attempt: number; message_id: string; event: { id: string; status: string } }>;
  status: { article: string; attempt: number; status: number; error: string } | null;
}

const site = { home: 'https://news.example.com', locale: 'en_US' };
const authors = { '7': 'Ayesha Khan' };

const post = {
  ID: 48213,
  post_author: 7,
  post_title: "Beijing Backs Islamabad's CPEC Push & Pledges Support",
  post_content: 'China on Monday pledged support for the corridor.\n\nThe talks covered rail & power.',
  post_excerpt: 'China pledges support for the second phase.',
  post_status: 'publish',
  post_type: 'post',
  post_password: '',
  post_date_gmt: '2025-08-25 06:00:00',
  post_name: 'beijing-backs-islamabad',
  terms: { category: ['Uncategorized', 'South Asia'], post_tag: ['China', 'CPEC'] },
  meta: { '48213': { _thumbnail_id: 901 }, '901': { _url: 'https://news.example.com/wp-content/uploads/2025/08/ministers.jpg', _wp_attachment_image_alt: 'Foreign ministers in Beijing' } },
};
const articleId = 'wp-news.example.com-48213';

/** Runs the harness without blocking: crier answers the plugin from this same process. */
function runPlugin(scenario: Record<string, unknown>): Promise<HarnessOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn('php', ['tests/sources/wordpress/harness.php'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`php harness failed (${code}): ${stderr}${stdout}`));
      else resolve(JSON.parse(stdout) as HarnessOutput);
    });
    child.stdin.end(JSON.stringify({ site, authors, ...scenario }));
  });
}

const startApp = useApps();

/** crier itself on loopback: the signed intake, the real lifecycle, three accounts held for ten minutes. */
async function startCrier(): Promise<TestApp & { url: string }> {
  const h = await startApp({ env: { HOLD_SECONDS: '600' }, listen: true });
  return { ...h, url: h.url ?? '' };
}

describe('WordPress plugin: mapping and signing', () => {
  it('builds the article event from the post and signs it so crier’s own verifier accepts it', async () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const [step] = (await runPlugin({ steps: [{ do: 'event', post, secret: TEST_WEBHOOK_SECRET, messageId: 'msg_2xKq1', timestamp }] })).steps;
    expect(step!.headers).toMatchObject({ 'webhook-id': 'msg_2xKq1', 'webhook-timestamp': String(timestamp) });
    expect(step!.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(() => new SignatureVerifier(TEST_WEBHOOK_SECRET).verify(step!.body, step!.headers)).not.toThrow();
    expect(() => new SignatureVerifier(TEST_WEBHOOK_SECRET).verify(step!.body.replace('Beijing', 'Moscow'), step!.headers)).toThrow(SignatureError);

    const event = parseArticleEventJson(step!.body);
    if (event.kind !== 'publish') throw new Error('expected a publication');
    expect(event.article).toMatchObject({
      id: articleId,
      url: 'https://news.example.com/2025/08/25/beijing-backs-islamabad/',
      headline: 'Beijing Backs Islamabad’s CPEC Push & Pledges Support',
      summary: 'China pledges support for the second phase.',
      paragraphs: ['China on Monday pledged support for the corridor.', 'The talks covered rail & power.'],
      section: 'South Asia',
      tags: ['China', 'CPEC'],
      authors: ['Ayesha Khan'],
      language: 'en-US',
      publishedAt: '2025-08-25T06:00:00.000Z',
      priority: 'normal',
      image: { url: 'https://news.example.com/wp-content/uploads/2025/08/ministers.jpg', alt: 'Foreign ministers in Beijing' },
    });
  });

  it('marks breaking news and corrections from post meta', async () => {
    const marked = { ...post, meta: { '48213': { crier_priority: 'breaking', crier_correction: 'An earlier version misstated the date.' } } };
    const [step] = (await runPlugin({ steps: [{ do: 'event', post: marked, secret: TEST_WEBHOOK_SECRET, messageId: 'msg_1', timestamp: Math.floor(Date.now() / 1000) }] })).steps;
    const event = parseArticleEventJson(step!.body);
    expect(event.kind === 'publish' && event.article).toMatchObject({ priority: 'breaking', correction: 'An earlier version misstated the date.' });
    expect(event.kind === 'publish' && event.article.image).toBeUndefined();
  });
});

describe('WordPress plugin: hooks and delivery', () => {
  it('sends publish, update, unpublish and trash to crier, signed; drafts, scheduled and password-protected posts send nothing', async () => {
    const crier = await startCrier();
    const options = { crier_url: crier.url, crier_secret: TEST_WEBHOOK_SECRET };
    const draft = { ...post, post_status: 'draft' };
    const out = await runPlugin({
      options,
      steps: [
        { do: 'insert', post: draft },
        { do: 'insert', post: { ...post, post_status: 'future', post_date_gmt: '2099-01-01 06:00:00' }, before: draft },
        { do: 'insert', post: { ...post, post_password: 'embargo' }, before: draft },
        { do: 'insert', post, before: { ...post, post_status: 'future' } },
        { do: 'insert', post: { ...post, post_title: 'Beijing Backs Islamabad, Pledges Support' }, before: post },
        { do: 'insert', post: draft, before: post },
        { do: 'trash', post },
      ],
    });
    expect(out.sent.map((s) => [s.status, JSON.parse(s.body).status])).toEqual([
      [202, 'published'],
      [202, 'published'],
      [202, 'unpublished'],
      [202, 'deleted'],
    ]);
    expect(out.sent.every((s) => s.url === `${crier.url}/v1/articles`)).toBe(true);
    expect(out.scheduled).toEqual([]);
    const posts = await crier.core.store.forArticle(articleId);
    expect(posts.map((p) => p.platform).sort()).toEqual(['bluesky', 'mastodon', 'x']);
    expect(posts.every((p) => p.state === 'cancelled')).toBe(true);
    expect(JSON.parse(out.sent[1]!.body).headline).toBe('Beijing Backs Islamabad, Pledges Support');
  });

  it('retries from WP-Cron with backoff while crier is down, the newest event replacing a waiting one, and delivers once crier is back', async () => {
    const crier = await startCrier();
    const down = 'http://127.0.0.1:9';
    const out = await runPlugin({
      options: { crier_url: down, crier_secret: TEST_WEBHOOK_SECRET },
      steps: [
        { do: 'insert', post, before: { ...post, post_status: 'draft' } },
        { do: 'cron' },
        { do: 'insert', post: { ...post, post_title: 'Second version' }, before: post },
        { do: 'option', name: 'crier_url', value: crier.url },
        { do: 'cron' },
      ],
    });
    // Down: the first attempt, its retry, then the edit (which replaced the waiting delivery); then crier is up.
    expect(out.sent.map((s) => s.status)).toEqual([0, 0, 0, 202]);
    const ids = out.sent.map((s) => s.headers['webhook-id']);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[0]);
    expect(ids[3]).toBe(ids[2]);
    expect(JSON.parse(out.sent[3]!.body).headline).toBe('Second version');
    expect(Object.keys(out.pending)).toEqual([]);
    expect(out.scheduled).toEqual([]);
    expect(out.status).toMatchObject({ article: articleId, status: 202, error: '' });
    const posts = await crier.core.store.forArticle(articleId);
    expect(posts).toHaveLength(3);
    expect(new Set(posts.map((p) => p.revision)).size).toBe(1);
  });

  it('schedules retries 1, 2, 4 … minutes apart and gives up on a refusal (wrong secret) with crier’s reason', async () => {
    const crier = await startCrier();
    const down = await runPlugin({
      options: { crier_url: 'http://127.0.0.1:9', crier_secret: TEST_WEBHOOK_SECRET },
      steps: [{ do: 'insert', post, before: { ...post, post_status: 'draft' } }, { do: 'cron' }, { do: 'cron' }],
    });
    expect(down.scheduled).toHaveLength(1);
    expect(down.scheduled[0]).toMatchObject({ hook: 'crier_retry_delivery', args: [articleId] });
    expect(down.scheduled[0]!.in).toBeGreaterThanOrEqual(239);
    expect(down.scheduled[0]!.in).toBeLessThanOrEqual(240);
    expect(down.pending[articleId]).toMatchObject({ attempt: 4, event: { id: articleId } });

    const wrongSecret = `whsec_${Buffer.from('not-the-newsroom-key-0123456789').toString('base64')}`;
    const refused = await runPlugin({ options: { crier_url: crier.url, crier_secret: wrongSecret }, steps: [{ do: 'insert', post, before: { ...post, post_status: 'draft' } }] });
    expect(refused.sent.map((s) => s.status)).toEqual([401]);
    expect(refused.scheduled).toEqual([]);
    expect(refused.status).toMatchObject({ status: 401 });
    expect(refused.status!.error).toMatch(/^HTTP 401: signature rejected/);
    expect(await crier.core.store.forArticle(articleId)).toEqual([]);
  });
});
