import { afterAll, describe, expect, it } from 'vitest';
import { runCrier } from '../cli/spawn-with-stdin.js';
import { dropKeys, randomPrefix, REDIS_URL } from '../helpers/redis.js';

const prefix = randomPrefix();
const env = { REDIS_URL, REDIS_PREFIX: prefix, LOG_LEVEL: 'silent' };

afterAll(async () => {
  await dropKeys(prefix);
});

describe('crier editor', () => {
  it('adds with the password from standard input, lists, refuses a duplicate and a short password, removes', async () => {
    const added = await runCrier(['editor', 'add', 'Amina', '--role', 'admin'], env, 'amina-password-1\n');
    expect(added.stdout.trim()).toBe('added amina (admin)');
    expect(added.code).toBe(0);
    expect(added.output).not.toContain('amina-password-1');

    const again = await runCrier(['editor', 'add', 'amina'], env, 'amina-password-2\n');
    expect(again.code).toBe(2);
    expect(again.stderr.trim()).toBe('crier: editor amina already exists: remove it first to replace it');

    const short = await runCrier(['editor', 'add', 'bilal'], env, 'short\n');
    expect(short.code).toBe(2);
    expect(short.stderr.trim()).toBe('crier: editor password: must be at least 12 characters');

    const listed = await runCrier(['editor', 'list'], env);
    expect(listed.stdout).toMatch(/^amina\tadmin\t\d{4}-\d{2}-\d{2}T/);
    expect(listed.stdout).not.toContain('bilal');

    expect((await runCrier(['editor', 'remove', 'amina'], env)).stdout.trim()).toBe('removed amina');
    const gone = await runCrier(['editor', 'remove', 'amina'], env);
    expect(gone.code).toBe(2);
    expect(gone.stderr.trim()).toBe('crier: no editor named amina');
    expect((await runCrier(['editor', 'list'], env)).stdout.trim()).toBe('no editors yet: add one with `crier editor add <name> --role admin`');
  }, 180_000); // seven crier processes, each starting tsx, on a shared two-core machine

  it('names REDIS_URL when Redis cannot be reached', async () => {
    const res = await runCrier(['editor', 'list'], { ...env, REDIS_URL: 'redis://127.0.0.1:1' });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('REDIS_URL');
  }, 60_000);
});
