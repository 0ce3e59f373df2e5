import type { Redis } from 'ioredis';
import { EditorExistsError, EditorNotFoundError, InvalidEditorError } from '../domain/errors/index.js';
import { checkPassword, isEditorRole, normaliseEditorName, type Editor, type EditorRole } from './editor.js';
import { hashPassword, verifyPassword } from './password-hash.js';

// Verifying against this when the name is unknown makes a wrong name cost as long as a wrong password.
let decoyHash: Promise<string> | undefined;
const decoy = () => (decoyHash ??= hashPassword('decoy password that matches no account'));

// One step, so two concurrent adds of one name cannot both win and a crash leaves no half account.
const ADD_SCRIPT = `
if redis.call('exists', KEYS[1]) == 1 then return 0 end
redis.call('hset', KEYS[1], 'password', ARGV[1], 'role', ARGV[2], 'createdAt', ARGV[3])
redis.call('sadd', KEYS[2], ARGV[4])
return 1`;

/**
 * Editor accounts in Redis: one hash per editor (`<prefix>editor:<name>`: role, password hash,
 * createdAt) and a set of names. Passwords are kept only as scrypt hashes.
 */
export class EditorStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(name: string): string {
    return `${this.prefix}editor:${name}`;
  }

  private get namesKey(): string {
    return `${this.prefix}editors`;
  }

  async add(rawName: string, password: string, role: string): Promise<Editor> {
    const name = normaliseEditorName(rawName);
    if (!isEditorRole(role)) throw new InvalidEditorError('role', `must be editor or admin, not ${JSON.stringify(role)}`);
    checkPassword(password);
    const editor: Editor = { name, role, createdAt: new Date().toISOString() };
    const hash = await hashPassword(password);
    const created = await this.redis.eval(ADD_SCRIPT, 2, this.key(name), this.namesKey, hash, role, editor.createdAt, name);
    if (created === 0) throw new EditorExistsError(name);
    return editor;
  }

  async remove(rawName: string): Promise<void> {
    const name = normaliseEditorName(rawName);
    const [[, deleted]] = (await this.redis.multi().del(this.key(name)).srem(this.namesKey, name).exec()) as [[Error | null, number]];
    if (deleted === 0) throw new EditorNotFoundError(name);
  }

  async get(rawName: string): Promise<Editor | undefined> {
    let name: string;
    try {
      name = normaliseEditorName(rawName);
    } catch {
      return undefined;
    }
    const fields = await this.redis.hmget(this.key(name), 'role', 'createdAt');
    const [role, createdAt] = fields;
    if (!role || !isEditorRole(role)) return undefined;
    return { name, role, createdAt: createdAt ?? '' };
  }

  async list(): Promise<Editor[]> {
    const names = (await this.redis.smembers(this.namesKey)).sort();
    const editors = await Promise.all(names.map((n) => this.get(n)));
    return editors.filter((e): e is Editor => e !== undefined);
  }

  async setRole(rawName: string, role: EditorRole): Promise<void> {
    const name = normaliseEditorName(rawName);
    if (!(await this.redis.exists(this.key(name)))) throw new EditorNotFoundError(name);
    await this.redis.hset(this.key(name), 'role', role);
  }

  /** The editor when name and password match, else undefined; about as slow either way. */
  async verify(rawName: string, password: string): Promise<Editor | undefined> {
    let name: string | undefined;
    try {
      name = normaliseEditorName(rawName);
    } catch {
      name = undefined;
    }
    const stored = name ? await this.redis.hget(this.key(name), 'password') : null;
    const ok = await verifyPassword(password, stored ?? (await decoy()));
    if (!ok || !name || stored === null) return undefined;
    return this.get(name);
  }
}
