// Each sign-in or hash is a deliberate ~0.3 s of scrypt, several times that on a loaded machine: 60 s per test.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORDS, SESSION_SECRET, sealedSession, startDashboard, TEST_LIMITS, textOf, Visitor, type Dashboard } from './dashboard-harness.js';

// One app for the file: each test uses its own names and client addresses, so counts never mix.
let dash: Dashboard;
const visitors: Visitor[] = [];
beforeAll(async () => {
  dash = await startDashboard();
});
afterAll(async () => {
  await dash.close();
});
afterEach(() => {
  for (const v of visitors.splice(0)) {
    for (const body of v.bodies) {
      expect(body).not.toContain(SESSION_SECRET);
      for (const password of Object.values(PASSWORDS)) expect(body).not.toContain(password);
    }
  }
});

let nextAddress = 1;
async function visitor(address = `10.1.0.${nextAddress++}`): Promise<Visitor> {
  const v = new Visitor(dash.app, address);
  visitors.push(v);
  return v;
}

describe('signing in', { timeout: 60_000 }, () => {
  it('sends a visitor without a session to the sign-in page, and back where they were going after it', async () => {
    const v = await visitor();
    const res = await v.get('/health');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?next=%2Fhealth');
    const page = await v.get('/sign-in?next=%2Fhealth');
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<label for="name">Name<\/label>/);
    const signedIn = await v.post('/sign-in', { name: 'alice', password: PASSWORDS.alice, next: '/health' });
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe('/health');
    expect((await v.get('/health')).statusCode).toBe(200);
  });

  it('sets a Secure, HttpOnly, SameSite session cookie with an expiry', async () => {
    const v = await visitor();
    await v.get('/sign-in');
    const res = await v.post('/sign-in', { name: 'alice', password: PASSWORDS.alice });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^crier_session=/);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).toMatch(/; Max-Age=\d+/i);
  });

  it('refuses a wrong password and an unknown name with the same words', async () => {
    const v = await visitor();
    await v.get('/sign-in');
    await dash.editors.add('gina', 'gina-password-123', 'editor');
    const wrong = await v.post('/sign-in', { name: 'gina', password: 'not-the-password' });
    const unknown = await v.post('/sign-in', { name: 'nobody', password: 'not-the-password' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(textOf(wrong.body)).toContain('Wrong name or password.');
    expect(textOf(unknown.body)).toContain('Wrong name or password.');
    expect((await v.get('/')).statusCode).toBe(303);
  });

  it('refuses a form without its CSRF token, and one with another session’s token', async () => {
    const v = await visitor();
    await v.get('/sign-in');
    const missing = await v.post('/sign-in', { name: 'alice', password: PASSWORDS.alice, _csrf: null });
    expect(missing.statusCode).toBe(403);
    expect(textOf(missing.body)).toContain('This form was not accepted');

    const other = await visitor();
    await other.get('/sign-in');
    const foreign = await v.post('/sign-in', { name: 'alice', password: PASSWORDS.alice, _csrf: other.csrf });
    expect(foreign.statusCode).toBe(403);
    expect((await v.get('/')).statusCode).toBe(303);
  });

  it('limits failed sign-ins per name, even when the password is then right', async () => {
    await dash.editors.add('erin', 'erin-password-123', 'editor');
    const v = await visitor();
    await v.get('/sign-in');
    for (let i = 0; i < 5; i++) expect((await v.post('/sign-in', { name: 'erin', password: `wrong-${i}` })).statusCode).toBe(401);
    // From another address too: the name is what is being guessed.
    const elsewhere = await visitor();
    await elsewhere.get('/sign-in');
    const limited = await elsewhere.post('/sign-in', { name: 'erin', password: 'erin-password-123' });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(textOf(limited.body)).toMatch(/Too many failed sign-ins. Try again in \d+ minutes?\./);
    // Another editor is not affected.
    const root = await visitor();
    await root.signIn('root');
  });

  it('limits failed sign-ins per address across names', async () => {
    const v = await visitor();
    await v.get('/sign-in');
    for (let i = 0; i < TEST_LIMITS.perAddress; i++) {
      expect((await v.post('/sign-in', { name: `guess${i}`, password: 'wrong-password' })).statusCode).toBe(401);
    }
    expect((await v.post('/sign-in', { name: 'root', password: PASSWORDS.root })).statusCode).toBe(429);
  });

  it('a successful sign-in clears the name’s failed count (the address keeps its own)', async () => {
    await dash.editors.add('frank', 'frank-password-123', 'editor');
    const rounds = async (v: Visitor) => {
      await v.get('/sign-in');
      for (let i = 0; i < 4; i++) expect((await v.post('/sign-in', { name: 'frank', password: 'wrong-password' })).statusCode).toBe(401);
      expect((await v.post('/sign-in', { name: 'frank', password: 'frank-password-123' })).statusCode).toBe(303);
    };
    await rounds(await visitor());
    // Had the success not cleared the count, the second round would pass the limit of five.
    await rounds(await visitor());
  });

  it('signs out for good: the browser drops the cookie, and a copy of it no longer opens pages', async () => {
    const v = await visitor();
    await v.signIn('alice');
    const copy = v.cookies.get('crier_session')!;
    const out = await v.post('/sign-out', {});
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/sign-in');
    expect(String(out.headers['set-cookie'])).toMatch(/crier_session=;/);
    expect((await v.get('/')).statusCode).toBe(303);
    const thief = await visitor();
    thief.cookies.set('crier_session', copy);
    const replay = await thief.get('/');
    expect(replay.statusCode).toBe(303);
    expect(replay.headers.location).toBe('/sign-in');
  });

  it('refuses an expired session and says so', async () => {
    const v = await visitor();
    await v.get('/sign-in');
    v.cookies.set('crier_session', await sealedSession({ editor: 'alice', signedInAt: Date.now() - 8 * 3600 * 1000 - 1000 }));
    const res = await v.get('/');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?expired=1&next=%2F');
    expect(textOf((await v.get('/sign-in?expired=1')).body)).toContain('Your session expired. Sign in again.');
    // A live session sealed the same way opens the queue: the refusal above is the age, not the seal.
    const sid = await dash.sessions.open('alice', 60);
    v.cookies.set('crier_session', await sealedSession({ editor: 'alice', sid, signedInAt: Date.now() }));
    expect((await v.get('/')).statusCode).toBe(200);
    // Sealed with the real key but never opened through sign-in: refused.
    v.cookies.set('crier_session', await sealedSession({ editor: 'alice', sid: 'A'.repeat(24), signedInAt: Date.now() }));
    expect((await v.get('/')).statusCode).toBe(303);
  });

  it('tells htmx to load the sign-in page rather than swapping it into a fragment', async () => {
    const v = await visitor();
    const res = await v.get('/queue/rows', { 'hx-request': 'true' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['hx-redirect']).toBe('/sign-in?next=%2F');
  });

  it('ends a removed editor’s session at once', async () => {
    await dash.editors.add('dave', 'dave-password-123', 'editor');
    const v = await visitor();
    await v.get('/sign-in');
    await v.post('/sign-in', { name: 'dave', password: 'dave-password-123' });
    expect((await v.get('/')).statusCode).toBe(200);
    await dash.editors.remove('dave');
    expect((await v.get('/')).statusCode).toBe(303);
  });

  it('never sends a visitor to another site after sign-in', async () => {
    const v = await visitor();
    await v.get('/sign-in');
    const res = await v.post('/sign-in', { name: 'alice', password: PASSWORDS.alice, next: '//evil.example/x' });
    expect(res.headers.location).toBe('/');
  });
});

describe('admin pages', { timeout: 60_000 }, () => {
  it('refuses an editor the editor accounts and Bull Board (403), and lets an admin in', async () => {
    const alice = await visitor();
    await alice.signIn('alice');
    expect((await alice.get('/admin/editors')).statusCode).toBe(403);
    expect((await alice.get('/admin/queues')).statusCode).toBe(403);
    expect((await alice.get('/admin/queues/api/queues')).statusCode).toBe(403);
    expect(alice.bodies.at(-3)).not.toContain('href="/admin/editors"');

    const root = await visitor();
    await root.signIn('root');
    const editors = await root.get('/admin/editors');
    expect(editors.statusCode).toBe(200);
    expect(textOf(editors.body)).toContain('alice editor');
    const board = await root.get('/admin/queues');
    expect(board.statusCode).toBe(200);
    expect(board.body).toContain('crier queues');
    const api = await root.get('/admin/queues/api/queues');
    expect(api.statusCode).toBe(200);
    expect(api.json<{ queues: { name: string }[] }>().queues.map((q) => q.name).sort()).toEqual(['publish.bluesky.default', 'publish.mastodon.default', 'publish.x.default'].sort());
  });

  it('lets an admin add an editor, change a role and remove one; the new editor can sign in', async () => {
    const root = await visitor();
    await root.signIn('root');
    const short = await root.post('/admin/editors', { name: 'carol', password: 'short', role: 'editor' });
    expect(short.statusCode).toBe(422);
    expect(textOf(short.body)).toContain('must be at least 12 characters');
    const added = await root.post('/admin/editors', { name: 'carol', password: 'carol-password-99', role: 'editor' });
    expect(added.statusCode).toBe(303);
    expect((await dash.editors.get('carol'))?.role).toBe('editor');
    await root.post('/admin/editors/carol/role', { role: 'admin' });
    expect((await dash.editors.get('carol'))?.role).toBe('admin');
    const self = await root.post('/admin/editors/root/remove', {});
    expect(self.statusCode).toBe(422);
    await root.post('/admin/editors/carol/remove', {});
    expect(await dash.editors.get('carol')).toBeUndefined();
  });
});
