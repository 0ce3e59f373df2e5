import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twitterText from 'twitter-text';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCrier } from './spawn-with-stdin.js';

const FIXTURE = 'tests/fixtures/beijing-islamabad.json';
const ALL_PLATFORMS = ['x', 'bluesky', 'mastodon', 'threads', 'linkedin', 'telegram', 'discord', 'slack', 'webhook', 'matrix'];

/** No platform credentials at all (runCrier removes every crier variable from the parent's env). */
const RENDER_ENV = { TEMPLATES_DIR: 'templates', LOG_LEVEL: 'silent' };

interface RenderPart {
  text: string;
  length: number;
  limit: number;
}
interface RenderPost {
  platform: string;
  account: string;
  parts: RenderPart[];
  media: { url: string; alt: string }[];
  card: { url: string; title: string; description: string; image: string | null } | null;
  langs: string[];
  attached: { url: string; alt: string }[];
  warnings: { code: string; message: string; holdForReview: boolean }[];
}
interface RenderDocument {
  article: { id: string; url: string };
  posts: RenderPost[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function keysOf(value: unknown): string[] {
  return isRecord(value) ? Object.keys(value).sort() : [];
}

/**
 * Asserts the `crier render --json` shape: DESIGN.md's keys, which are never renamed or removed,
 * plus the fields issue 9 added (card, langs, attached, warnings); nothing else.
 */
function parseRenderDocument(stdout: string): RenderDocument {
  const doc: unknown = JSON.parse(stdout);
  expect(keysOf(doc)).toEqual(['article', 'posts']);
  if (!isRecord(doc)) throw new Error('not an object');
  expect(keysOf(doc.article)).toEqual(['id', 'url']);
  expect(Array.isArray(doc.posts)).toBe(true);
  const posts = doc.posts as unknown[];
  for (const post of posts) {
    expect(keysOf(post)).toEqual(['account', 'attached', 'card', 'langs', 'media', 'parts', 'platform', 'warnings']);
    if (!isRecord(post)) throw new Error('post is not an object');
    expect(typeof post.platform).toBe('string');
    expect(typeof post.account).toBe('string');
    expect(Array.isArray(post.parts)).toBe(true);
    expect((post.parts as unknown[]).length).toBeGreaterThan(0);
    for (const part of post.parts as unknown[]) {
      expect(keysOf(part)).toEqual(['length', 'limit', 'text']);
      if (!isRecord(part)) throw new Error('part is not an object');
      expect(typeof part.text).toBe('string');
      expect(Number.isInteger(part.length)).toBe(true);
      expect(Number.isInteger(part.limit)).toBe(true);
    }
    expect(Array.isArray(post.media)).toBe(true);
    for (const item of post.media as unknown[]) {
      expect(keysOf(item)).toEqual(['alt', 'url']);
      if (!isRecord(item)) throw new Error('media is not an object');
      expect(typeof item.url).toBe('string');
      expect(typeof item.alt).toBe('string');
    }
    expect(post.card === null || keysOf(post.card).join() === 'description,image,title,url').toBe(true);
    expect(Array.isArray(post.langs) && (post.langs as unknown[]).every((l) => typeof l === 'string')).toBe(true);
    for (const item of post.attached as unknown[]) expect(keysOf(item)).toEqual(['alt', 'url']);
    for (const w of post.warnings as unknown[]) expect(keysOf(w)).toEqual(['code', 'holdForReview', 'message']);
  }
  return doc as unknown as RenderDocument;
}

describe('crier render --json', () => {
  const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { id: string; url: string; headline: string };
  let tmp: string;
  let doc: RenderDocument;
  let fileStdout: string;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'crier-cli-render-'));
    const run = await runCrier(['render', FIXTURE, '--json'], RENDER_ENV);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    fileStdout = run.stdout;
    doc = parseRenderDocument(run.stdout);
  });

  afterAll(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  it('prints the article id and url and one post per platform, each for the "default" account, when nothing is configured', () => {
    expect(doc.article).toEqual({ id: fixture.id, url: fixture.url });
    expect(doc.posts.map((p) => p.platform)).toEqual(ALL_PLATFORMS);
    expect(doc.posts.map((p) => p.account)).toEqual(ALL_PLATFORMS.map(() => 'default'));
    // The fixture has no image.
    expect(doc.posts.map((p) => p.media)).toEqual(ALL_PLATFORMS.map(() => []));
    // Every post carries the headline somewhere in its text.
    for (const post of doc.posts) expect(post.parts.map((p) => p.text).join('\n')).toContain('Beijing Backs Islamabad');
  });

  it('keeps every part within its limit, and measures X parts as twitter-text weighs them', () => {
    for (const post of doc.posts) {
      for (const part of post.parts) {
        expect(part.length, `${post.platform}: ${part.text}`).toBeLessThanOrEqual(part.limit);
        expect(part.length).toBeGreaterThan(0);
      }
    }
    const x = doc.posts.find((p) => p.platform === 'x');
    expect(x?.parts.length).toBeGreaterThan(0);
    for (const part of x?.parts ?? []) {
      expect(part.limit).toBe(280);
      expect(part.length).toBe(twitterText.parseTweet(part.text).weightedLength);
      expect(twitterText.parseTweet(part.text).valid).toBe(true);
    }
  });

  it('lists the image as {url, alt} when the event has one', async () => {
    const file = join(tmp, 'with-image.json');
    const image = { url: 'https://example.com/photos/wang-yi.jpg', alt: 'Wang Yi meets Shehbaz Sharif in Islamabad' };
    writeFileSync(file, JSON.stringify({ ...fixture, image }));
    const run = await runCrier(['render', file, '--json', '--platform', 'x,bluesky'], RENDER_ENV);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const withImage = parseRenderDocument(run.stdout);
    expect(withImage.posts.map((p) => p.platform)).toEqual(['x', 'bluesky']);
    for (const post of withImage.posts) expect(post.media).toEqual([image]);
  });

  it('shows what goes out: the Bluesky card, the language tags, the attached image and its alt text', async () => {
    const file = join(tmp, 'with-credit.json');
    const image = { url: 'https://example.com/photos/wang-yi.jpg', alt: 'Photograph: Jane Doe for The Daily' };
    writeFileSync(file, JSON.stringify({ ...fixture, image }));
    const run = await runCrier(['render', file, '--json', '--platform', 'bluesky,mastodon,x'], RENDER_ENV);
    expect(run.code).toBe(0);
    const [bluesky, mastodon, x] = parseRenderDocument(run.stdout).posts;
    expect(bluesky?.card).toEqual({
      url: fixture.url,
      title: fixture.headline,
      description: 'China pledges support for Pakistan’s national security during Foreign Minister Wang Yi’s visit to Islamabad.',
      image: image.url,
    });
    // Bluesky posts the card (with the image as its thumbnail), not the image itself.
    expect(bluesky?.attached).toEqual([]);
    expect(bluesky?.langs).toEqual(['en']);
    expect(mastodon?.langs).toEqual(['en']);
    expect(x?.langs).toEqual([]);
    expect(mastodon?.card).toBeNull();
    // A photo credit is not alt text: the image goes out without one, and the post says so.
    expect(mastodon?.attached).toEqual([{ url: image.url, alt: '' }]);
    expect(mastodon?.warnings).toEqual([
      { code: 'missing_alt_text', message: 'the image has only a photo credit as alt text; add a description of the picture', holdForReview: false },
    ]);
    const held = await runCrier(['render', file, '--json', '--platform', 'x'], { ...RENDER_ENV, ALT_TEXT_POLICY: 'review' });
    expect(parseRenderDocument(held.stdout).posts[0]?.warnings[0]?.holdForReview).toBe(true);

    const preview = await runCrier(['render', file, '--platform', 'bluesky,mastodon'], RENDER_ENV);
    expect(preview.stdout).toContain(`[card] ${fixture.headline}`);
    expect(preview.stdout).toContain(`[card] thumbnail ${image.url}`);
    expect(preview.stdout).toContain('[langs] en');
    expect(preview.stdout).toContain('[alt] (no alt text)');
    expect(preview.stdout).toContain('[warning] the image has only a photo credit as alt text');
    // Three runs of the CLI, each a few seconds on a loaded machine.
  }, 90_000);

  it('narrows to --platform x,mastodon, in that order, with the same posts as the full render', async () => {
    const run = await runCrier(['render', FIXTURE, '--json', '--platform', 'x,mastodon'], RENDER_ENV);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const narrowed = parseRenderDocument(run.stdout);
    expect(narrowed.article).toEqual(doc.article);
    expect(narrowed.posts.map((p) => `${p.platform}/${p.account}`)).toEqual(['x/default', 'mastodon/default']);
    expect(narrowed.posts).toEqual([doc.posts[0], doc.posts[2]]);

    const reversed = parseRenderDocument((await runCrier(['render', FIXTURE, '--json', '--platform', 'mastodon,x'], RENDER_ENV)).stdout);
    expect(reversed.posts.map((p) => p.platform)).toEqual(['mastodon', 'x']);
  });

  it('refuses an unknown platform with exit code 2, naming it and the known platforms', async () => {
    const run = await runCrier(['render', FIXTURE, '--json', '--platform', 'twitter'], RENDER_ENV);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('twitter');
    for (const id of ALL_PLATFORMS) expect(run.stderr).toContain(id);
    expect(run.stderr).toMatch(/known platforms/);
    expect(run.stderr).not.toMatch(/^\s{4}at /m);
  });

  it('reads the event from standard input when the file is "-"', async () => {
    const run = await runCrier(['render', '-', '--json'], RENDER_ENV, readFileSync(FIXTURE, 'utf8'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const fromStdin = parseRenderDocument(run.stdout);
    expect(fromStdin).toEqual(doc);
    expect(run.stdout).toBe(fileStdout);
  });
});

describe('crier render (preview)', () => {
  it('prints the headline, the url, and a section per platform with each part as length/limit and its text', async () => {
    const [preview, json] = await Promise.all([
      runCrier(['render', FIXTURE], RENDER_ENV),
      runCrier(['render', FIXTURE, '--json'], RENDER_ENV),
    ]);
    expect(preview.stderr).toBe('');
    expect(preview.code).toBe(0);
    expect(json.code).toBe(0);
    const doc = parseRenderDocument(json.stdout);
    const text = preview.stdout;
    expect(() => JSON.parse(text) as unknown).toThrow();
    const lines = text.split('\n');
    expect(lines[0]).toBe('Beijing Backs Islamabad’s National Security Efforts Amid Tensions');
    expect(lines[1]).toBe(doc.article.url);

    // Each platform's section in order, and within it each part's "i/n · length/limit" then its text.
    let from = 0;
    for (const post of doc.posts) {
      const header = lines.findIndex((l, i) => i >= from && l.startsWith('━━ ') && l.includes(`${post.platform} (${post.account})`));
      expect(header, `section for ${post.platform}`).toBeGreaterThanOrEqual(from);
      from = header + 1;
      post.parts.forEach((part, i) => {
        const label = `${i + 1}/${post.parts.length} · ${part.length}/${part.limit}`;
        const at = lines.findIndex((l, j) => j >= from && l.includes(label));
        expect(at, `${post.platform} part ${label}`).toBeGreaterThanOrEqual(from);
        expect(lines.slice(at + 1).join('\n').startsWith(part.text)).toBe(true);
        from = at + 1;
      });
    }
    const headers = lines.filter((l) => l.startsWith('━━ '));
    expect(headers).toHaveLength(ALL_PLATFORMS.length);
    expect(text).not.toContain('OVER LIMIT');
  });
});
