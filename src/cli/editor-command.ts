import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { Config } from '../config.js';
import { ConfigError } from '../domain/errors/index.js';
import { EditorStore } from '../editors/editor-store.js';
import { connectRedis } from '../pipeline/redis-connection.js';
import { prefixes } from '../service/services.js';

/** Asks twice without echo on a terminal; reads the first line of standard input otherwise (scripts). */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  const ask = (question: string) =>
    new Promise<string>((resolve) => {
      process.stderr.write(question);
      const muted = new Writable({ write: (_chunk, _enc, done) => done() });
      const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
      rl.question('', (answer) => {
        rl.close();
        process.stderr.write('\n');
        resolve(answer);
      });
    });
  const first = await ask('password: ');
  const second = await ask('again: ');
  if (first !== second) throw new ConfigError('the two passwords differ');
  return first;
}

async function withStore<T>(config: Config, run: (store: EditorStore) => Promise<T>): Promise<T> {
  const redis = await connectRedis(config.redisUrl);
  try {
    return await run(new EditorStore(redis, prefixes(config).store));
  } finally {
    redis.disconnect();
  }
}

export async function editorAddCommand(name: string, options: { role?: string }, config: Config): Promise<string> {
  const password = await readPassword();
  const editor = await withStore(config, (store) => store.add(name, password, options.role ?? 'editor'));
  return `added ${editor.name} (${editor.role})`;
}

export async function editorRemoveCommand(name: string, config: Config): Promise<string> {
  await withStore(config, (store) => store.remove(name));
  return `removed ${name.trim().toLowerCase()}`;
}

export async function editorListCommand(config: Config): Promise<string> {
  const editors = await withStore(config, (store) => store.list());
  if (editors.length === 0) return 'no editors yet: add one with `crier editor add <name> --role admin`';
  return editors.map((e) => `${e.name}\t${e.role}\t${e.createdAt}`).join('\n');
}
