import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { sealedSession } from '../dashboard/dashboard-harness.js';
import { EDITORS, SESSION_SECRET, startBrowserCrier, type BrowserCrier } from './crier-for-browser.js';

test.describe.configure({ mode: 'serial' });

let crier: BrowserCrier;
let articleNo = 0;
test.beforeAll(async () => {
  crier = await startBrowserCrier();
});
test.afterAll(async () => {
  await crier?.stop();
});

const SHOTS = 'docs/screenshots';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

/** Signs in with the keyboard only: type, Tab, type, Enter. */
async function signIn(page: Page, name: keyof typeof EDITORS): Promise<void> {
  await page.goto(`${crier.url}/sign-in`);
  await page.getByLabel('Name').focus();
  await page.keyboard.type(name);
  await page.keyboard.press('Tab');
  await page.keyboard.type(EDITORS[name].password);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Queue' })).toBeVisible();
}

/** axe-core on the page as it is: no serious or critical violation. */
async function expectAccessible(page: Page, what: string): Promise<void> {
  // @axe-core/playwright is typed against its own playwright-core copy; the page is the same object.
  const results = await new AxeBuilder({ page: page as unknown as ConstructorParameters<typeof AxeBuilder>[0]['page'] }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(bad, `axe on ${what}`).toEqual([]);
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: `${SHOTS}/${name}-desktop.png`, fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: `${SHOTS}/${name}-phone.png`, fullPage: true });
  // Nothing may stick out sideways at phone width.
  expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(PHONE.width);
  await page.setViewportSize(DESKTOP);
}

async function newArticle(overrides: Record<string, unknown> = {}) {
  articleNo += 1;
  const id = `browser-${articleNo}-${Date.now()}`;
  // Texts differ from article to article: X refuses a tweet that repeats an earlier one.
  const body = `<p>Officials met in Islamabad for talks numbered ${articleNo}. They agreed to meet again within ${articleNo + 2} weeks.</p>`;
  const posts = await crier.publish({ id, url: `https://southasiandesk.com/news/${id}`, summary: `Talks number ${articleNo} in Islamabad.`, body, ...overrides });
  const of = (platform: string) => posts.find((p) => p.platform === platform)!;
  return { id, x: of('x'), mastodon: of('mastodon') };
}

test('sign in, see a post waiting for review with its previews, edit with the live count, approve it and see it published with its link', async ({ page }) => {
  const article = await newArticle({ headline: 'Beijing backs Islamabad in security talks', image: { url: crier.photoUrl, alt: 'Foreign ministers shake hands in Islamabad' } });
  await signIn(page, 'alice');
  const row = page.getByRole('link', { name: 'Beijing backs Islamabad in security talks' }).first();
  await expect(row).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Needs an editor' })).toContainText('waiting for review');
  await expectAccessible(page, 'the queue');
  await shoot(page, 'queue');

  await page.goto(`${crier.url}/posts/${article.x.id}`);
  const preview = page.getByRole('figure', { name: 'X preview' });
  await expect(preview).toBeVisible();
  await expect(preview.getByRole('img', { name: 'Foreign ministers shake hands in Islamabad' })).toBeAttached();
  await expect(preview).toContainText('ALT Foreign ministers shake hands in Islamabad');
  await expect(page.getByRole('figure', { name: 'Mastodon preview' })).toBeVisible();
  await expectAccessible(page, 'a post');
  await shoot(page, 'post');

  // The count is the server's: type, and the output changes to X's own weighted count.
  const part = page.getByLabel(/^Part 1 of/);
  const count = page.locator('#count-0');
  await part.fill('あ'.repeat(10));
  await expect(count).toHaveText('20 / 280');
  await part.fill('y'.repeat(300));
  await expect(count).toHaveText('300 / 280 · 20 over the limit');
  await expect(count).toHaveClass(/over/);
  await page.getByRole('button', { name: 'Save text' }).click();
  await expect(page.getByRole('alert')).toContainText('Not saved: fix the parts marked below.');
  await expect(page.getByText('300 is over the limit of 280 as x counts')).toBeVisible();
  expect((await crier.post(article.x.id)).draft.parts[0]!.text).not.toContain('yyyy');

  const text = 'Beijing backs Islamabad: edited on the desk';
  await page.getByLabel(/^Part 1 of/).fill(text);
  await expect(page.locator('#count-0')).toHaveText(`${text.length} / 280`);
  await page.getByRole('button', { name: 'Save text' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(page.locator('.diff ins').first()).toContainText('edited on the desk');

  // Approve with the keyboard.
  await page.getByRole('button', { name: 'Approve' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Approved' })).toBeVisible();
  await expect.poll(async () => (await crier.post(article.x.id)).state, { timeout: 30_000 }).toBe('published');
  const tweets = crier.fakes.x.liveTweets();
  expect(tweets.map((t) => t.sentText)).toContain(text);
  await page.reload();
  const live = page.getByRole('link', { name: 'live' }).first();
  await expect(live).toHaveAttribute('href', new RegExp(`/status/${tweets.find((t) => t.sentText === text)!.id}$`));

  await page.goto(`${crier.url}/articles/${article.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Beijing backs Islamabad in security talks');
  await expect(page.getByRole('button', { name: 'Retract everywhere' })).toBeVisible();
  await expectAccessible(page, 'an article');
  await shoot(page, 'article');
});

test('the queue shows a new article without a reload', async ({ page }) => {
  await signIn(page, 'alice');
  const marker = `Arrives while the queue is open ${Date.now()}`;
  await expect(page.getByText(marker)).toHaveCount(0);
  await newArticle({ headline: marker });
  await expect(page.getByRole('link', { name: marker }).first()).toBeVisible({ timeout: 15_000 });
});

test('reject with a reason, and reschedule with the date-time picker in the newsroom’s zone', async ({ page }) => {
  const article = await newArticle({ headline: 'A post to reject' });
  await signIn(page, 'alice');
  await page.goto(`${crier.url}/posts/${article.x.id}`);
  await page.getByLabel('Reason for rejecting').fill('duplicate of the morning post');
  await page.getByRole('button', { name: 'Reject' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Rejected.' })).toBeVisible();
  await expect(page.locator('.history')).toContainText('editor:alice Needs review → Rejected: duplicate of the morning post');
  expect((await crier.post(article.x.id)).state).toBe('rejected');

  // Mastodon posts are held an hour: scheduled, so they can be moved.
  await page.goto(`${crier.url}/posts/${article.mastodon.id}`);
  const picker = page.getByLabel('New time (Asia/Karachi)');
  await expect(picker).toHaveAttribute('type', 'datetime-local');
  await picker.fill('2031-03-10T18:45');
  await page.getByRole('button', { name: 'Reschedule' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Rescheduled to 10 Mar 2031, 18:45 (Asia/Karachi).' })).toBeVisible();
  expect((await crier.post(article.mastodon.id)).scheduledAt).toBe('2031-03-10T13:45:00.000Z');
});

test('retract a published post: it is deleted on the platform', async ({ page }) => {
  const article = await newArticle({ headline: 'A post to retract' });
  await signIn(page, 'alice');
  await page.goto(`${crier.url}/posts/${article.x.id}`);
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect.poll(async () => (await crier.post(article.x.id)).state, { timeout: 30_000 }).toBe('published');
  const sent = (await crier.post(article.x.id)).delivered.length;
  expect(sent).toBeGreaterThan(0);
  await page.reload();
  await page.getByLabel('Reason for retracting').fill('legal asked us to take it down');
  await page.getByRole('button', { name: /^Retract/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Retraction started' })).toBeVisible();
  await expect.poll(async () => (await crier.post(article.x.id)).state, { timeout: 30_000 }).toBe('retracted');
  const deleted = crier.fakes.x.tweets.filter((t) => t.deleted).length;
  expect(deleted).toBeGreaterThanOrEqual(sent);
});

test('a failure appears in the queue and on the health page, with its reason', async ({ page }) => {
  const article = await newArticle({ headline: 'A post the platform refuses' });
  await signIn(page, 'alice');
  crier.fakes.x.fail('POST', '/2/tweets', { kind: 'respond', status: 401, body: { title: 'Unauthorized', detail: 'Unauthorized', type: 'about:blank', status: 401 } }, 20);
  await page.goto(`${crier.url}/posts/${article.x.id}`);
  await page.getByRole('button', { name: 'Approve' }).click();
  await page.goto(`${crier.url}/`);
  // No reload from here: the polled queue shows the failure when it happens.
  const failed = page.locator('.group-failed');
  await expect(failed).toContainText('A post the platform refuses', { timeout: 30_000 });
  await expect(failed).toContainText('the platform refused the account’s credentials');
  await expect(page.getByRole('status').filter({ hasText: 'Needs an editor' })).toBeVisible();
  await page.goto(`${crier.url}/health`);
  await expect(page.getByRole('row', { name: /X · default/ })).toContainText('Refused by X since');
  await expectAccessible(page, 'health');
});

test('a form without its CSRF token is refused, and so is an expired session', async ({ page, context }) => {
  const article = await newArticle({ headline: 'CSRF target' });
  await signIn(page, 'alice');
  await page.goto(`${crier.url}/posts/${article.x.id}`);
  await page.locator('form[action$="/approve"] input[name="_csrf"]').evaluate((el) => el.setAttribute('value', 'forged-token'));
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Form expired');
  expect((await crier.post(article.x.id)).state).toBe('pending_review');
  await expectAccessible(page, 'the error page');

  const url = new URL(crier.url);
  await context.clearCookies();
  const old = await sealedSession({ editor: 'alice', signedInAt: Date.now() - 9 * 3600 * 1000 }, SESSION_SECRET);
  await context.addCookies([{ name: 'crier_session', value: encodeURIComponent(old), domain: url.hostname, path: '/', httpOnly: true, secure: true, sameSite: 'Lax' }]);
  await page.goto(`${crier.url}/posts/${article.x.id}`);
  await expect(page).toHaveURL(/\/sign-in\?expired=1/);
  await expect(page.getByRole('alert')).toHaveText('Your session expired. Sign in again.');
  await expectAccessible(page, 'sign-in');
});

test('an editor is refused the admin pages; an admin gets the editor accounts and Bull Board', async ({ page }) => {
  await signIn(page, 'alice');
  await expect(page.getByRole('link', { name: 'Bull Board' })).toHaveCount(0);
  const editors = await page.goto(`${crier.url}/admin/editors`);
  expect(editors?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Admins only');
  const board = await page.goto(`${crier.url}/admin/queues`);
  expect(board?.status()).toBe(403);

  await page.goto(`${crier.url}/`);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
  await signIn(page, 'root');
  await page.getByRole('link', { name: 'Editors' }).click();
  await expect(page.getByRole('row', { name: /alice editor/ })).toBeVisible();
  await expectAccessible(page, 'editors');
  await page.getByRole('link', { name: 'Bull Board' }).click();
  await expect(page.getByText('publish.x.default').first()).toBeVisible();
});
