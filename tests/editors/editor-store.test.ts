// Each sign-in or hash is a deliberate ~0.3 s of scrypt, several times that on a loaded machine: 60 s per test.
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { EditorExistsError, EditorNotFoundError, InvalidEditorError } from '../../src/domain/errors/index.js';
import { EditorStore } from '../../src/editors/editor-store.js';
import { hashPassword, verifyPassword } from '../../src/editors/password-hash.js';
import { SessionRegistry } from '../../src/editors/session-registry.js';
import { SignInLimiter } from '../../src/editors/sign-in-limiter.js';
import { useRedis } from '../helpers/redis.js';

// One prefix for the file: scrypt makes each account expensive, and the tests use distinct names.
const fx = useRedis({ per: 'file' });

describe('password hashes', { timeout: 60_000 }, () => {
  it('verify the right password only, and never store it', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$32768\$8\$3\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(hash).not.toContain('correct horse battery');
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await verifyPassword('correct horse battery', 'bcrypt$whatever')).toBe(false);
    // A fresh salt each time.
    expect(await hashPassword('correct horse battery')).not.toBe(hash);
  });
});

describe('editor accounts', { timeout: 60_000 }, () => {
  it('adds, lists, verifies and removes editors; names are case-insensitive', async () => {
    const store = new EditorStore(fx.redis, fx.keyPrefix);
    const added = await store.add('Amina', 'amina-password-1', 'admin');
    expect(added).toMatchObject({ name: 'amina', role: 'admin' });
    await store.add('bilal', 'bilal-password-1', 'editor');
    expect((await store.list()).map((e) => [e.name, e.role])).toEqual([
      ['amina', 'admin'],
      ['bilal', 'editor'],
    ]);
    expect((await store.verify('AMINA', 'amina-password-1'))?.name).toBe('amina');
    expect(await store.verify('amina', 'bilal-password-1')).toBeUndefined();
    expect(await store.verify('nobody', 'amina-password-1')).toBeUndefined();
    await expect(store.add('amina', 'another-password', 'editor')).rejects.toBeInstanceOf(EditorExistsError);
    await store.remove('bilal');
    expect(await store.verify('bilal', 'bilal-password-1')).toBeUndefined();
    await expect(store.remove('bilal')).rejects.toBeInstanceOf(EditorNotFoundError);
    // The stored hash is the only copy of the password.
    expect(JSON.stringify(await fx.redis.hgetall(`${fx.keyPrefix}editor:amina`))).not.toContain('amina-password-1');
  });

  it('refuses bad names, short passwords and unknown roles, naming the field', async () => {
    const store = new EditorStore(fx.redis, fx.keyPrefix);
    const err = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);
    const name = await err(store.add('bad name!', 'long-enough-pass', 'editor'));
    expect(name).toBeInstanceOf(InvalidEditorError);
    expect((name as InvalidEditorError).field).toBe('name');
    expect(((await err(store.add('carol', 'short', 'editor'))) as InvalidEditorError).field).toBe('password');
    expect(((await err(store.add('carol', 'long-enough-pass', 'boss'))) as InvalidEditorError).field).toBe('role');
    expect(await store.get('carol')).toBeUndefined();
  });

  it('lets only one of two concurrent adds of a name win', async () => {
    const store = new EditorStore(fx.redis, fx.keyPrefix);
    const results = await Promise.allSettled([store.add('dara', 'dara-password-1', 'editor'), store.add('dara', 'dara-password-2', 'admin')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason).toBeInstanceOf(EditorExistsError);
  });
});

describe('sign-in limiter', { timeout: 60_000 }, () => {
  it('allows attempts up to the limit per name, then says how long to wait; success clears the name', async () => {
    const limiter = new SignInLimiter(fx.redis, fx.keyPrefix, { perName: 3, perAddress: 100, windowSeconds: 600 });
    for (let i = 0; i < 3; i++) {
      expect(await limiter.check('Erin', '10.9.0.1')).toEqual({ allowed: true });
      await limiter.failed('Erin', '10.9.0.1');
    }
    const limited = await limiter.check('erin', '10.9.0.2');
    expect(limited.allowed).toBe(false);
    expect(!limited.allowed && limited.retryAfterSeconds).toBeGreaterThan(590);
    await limiter.succeeded('ERIN');
    expect(await limiter.check('erin', '10.9.0.2')).toEqual({ allowed: true });
  });

  it('limits one address guessing many names', async () => {
    const limiter = new SignInLimiter(fx.redis, fx.keyPrefix, { perName: 100, perAddress: 4, windowSeconds: 600 });
    for (let i = 0; i < 4; i++) await limiter.failed(`name${i}`, '10.9.0.9');
    expect((await limiter.check('someone-else', '10.9.0.9')).allowed).toBe(false);
    expect((await limiter.check('someone-else', '10.9.0.10')).allowed).toBe(true);
  });
});

describe('session registry', { timeout: 60_000 }, () => {
  it('knows a session from sign-in until sign-out, for its own editor only, and lets Redis forget it', async () => {
    const sessions = new SessionRegistry(fx.redis, fx.keyPrefix);
    const id = await sessions.open('amina', 120);
    expect(id).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(await sessions.isOpen(id, 'amina')).toBe(true);
    expect(await sessions.isOpen(id, 'bilal')).toBe(false);
    const ttl = await fx.redis.ttl(`${fx.keyPrefix}session:${id}`);
    expect(ttl).toBeGreaterThan(100);
    expect(ttl).toBeLessThanOrEqual(120);
    await sessions.close(id);
    expect(await sessions.isOpen(id, 'amina')).toBe(false);
    // An id of another shape never reaches Redis as a key.
    expect(await sessions.isOpen('x:editor:amina', 'amina')).toBe(false);
  });
});
