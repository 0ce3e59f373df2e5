import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { outboxWriteError } from './file-errors.js';
import { parseOutboxLine, type OutboxLine } from './outbox-line.js';

const pending = new Map<string, Promise<void>>();

/**
 * Runs `task` after every earlier task on the same file in this process, so that appends never
 * interleave and "look, then append" is one step for all accounts sharing a platform's file.
 */
function serialised<T>(path: string, task: () => Promise<T>): Promise<T> {
  const run = (pending.get(path) ?? Promise.resolve()).then(task);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  pending.set(path, settled);
  void settled.then(() => {
    if (pending.get(path) === settled) pending.delete(path);
  });
  return run;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/** Every outbox line of a file, in order; a missing file has none, a line cut short is skipped. */
export async function readOutboxLines(path: string): Promise<OutboxLine[]> {
  return (await readText(path))
    .split('\n')
    .map(parseOutboxLine)
    .filter((line): line is OutboxLine => line !== undefined);
}

/**
 * Appends whole lines and waits until they are on disk: the line is the outbox's "platform accepted
 * it", recorded in the ledger right after. A file whose last line was cut short (a full disk) gets a
 * newline first, so the cut line stays alone and unparsable instead of spoiling the next one.
 */
async function appendDurably(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const handle = await open(path, 'a+');
  try {
    const { size } = await handle.stat();
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    await handle.appendFile(prefix + text, 'utf8');
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

export interface AppendOnce {
  path: string;
  /** Whole lines, ending with a newline. */
  text: string;
  /** Whether the file already holds this entry; asked only when `check` is set. */
  present(fileText: string): boolean;
  /** False for an entry that cannot have been written before (a reference minted for this attempt). */
  check: boolean;
}

/** Writes the entry unless it is already there; resolves to whether it wrote. */
export function appendOnce(entry: AppendOnce, platform: string, partIndex?: number): Promise<boolean> {
  return serialised(entry.path, async () => {
    try {
      if (entry.check && entry.present(await readText(entry.path))) return false;
      await appendDurably(entry.path, entry.text);
      return true;
    } catch (error) {
      throw outboxWriteError(error, entry.path, platform, partIndex);
    }
  });
}

/** The `present` check for a JSON-lines file: a line of this type with this reference. */
export function hasLine(type: OutboxLine['type'], id: string): (fileText: string) => boolean {
  return (fileText) =>
    fileText.includes(id) &&
    fileText.split('\n').some((text) => {
      const line = parseOutboxLine(text);
      return line?.type === type && line.id === id;
    });
}
