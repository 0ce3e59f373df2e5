import { createHash } from 'node:crypto';
import { mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, closeSync, fsyncSync } from 'node:fs';
import { join } from 'node:path';
import type { DeliveredPart, DeliveryLedger, JsonObject, LedgerEntry } from '../domain/delivery.js';
import { ConfigError, SendInProgressError } from '../domain/errors/index.js';
import { slugify } from '../domain/slug.js';

/** One account's parts, by index, as the file stores them. */
type AccountEntries = Record<string, LedgerEntry>;

interface LedgerFile {
  articleId: string;
  accounts: Record<string, AccountEntries>;
}

/**
 * `crier send`'s delivery ledgers, one file per article under `<stateDir>/send-ledger/`, so a second
 * run of the same article resumes instead of posting again: parts recorded as delivered are skipped,
 * and a part that was prepared but never confirmed is retried the way the platform makes safe (the
 * same Bluesky record key, the same Mastodon Idempotency-Key, a look at the X timeline) or, where
 * nothing can make it safe, left for a person to check. Every change is written to a temporary file
 * and renamed over the old one, so a crash leaves the last complete ledger. A lock file keeps two
 * runs for one article apart.
 */
export class SendLedgerFile {
  private readonly data: LedgerFile;
  private released = false;

  private constructor(
    readonly path: string,
    private readonly lockPath: string,
    articleId: string,
  ) {
    this.data = readLedger(path, articleId);
  }

  /** Opens (and locks) the ledger of `articleId`; `release()` must be called when the run ends. */
  static open(stateDir: string, articleId: string): SendLedgerFile {
    const dir = join(stateDir, 'send-ledger');
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw new ConfigError(`cannot create the send ledger directory ${dir}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const path = join(dir, `${fileStem(articleId)}.json`);
    const lockPath = `${path}.lock`;
    takeLock(lockPath, articleId);
    return new SendLedgerFile(path, lockPath, articleId);
  }

  /** The ledger of one account's post of this article. */
  account(label: string): DeliveryLedger & { sentBefore(): DeliveredPart[] } {
    const entries = (this.data.accounts[label] ??= {});
    const save = () => this.save();
    return {
      async entries() {
        return new Map(Object.entries(entries).map(([index, entry]) => [Number(index), structuredClone(entry)]));
      },
      async prepare(index: number, data: JsonObject) {
        const entry = (entries[index] ??= {});
        if (entry.prepared === undefined) {
          entry.prepared = structuredClone(data);
          save();
        }
        return structuredClone(entry.prepared);
      },
      async delivered(part: DeliveredPart) {
        const entry = (entries[part.index] ??= {});
        entry.delivered = structuredClone(part);
        save();
      },
      async release(index: number) {
        const entry = entries[index];
        if (entry && !entry.delivered && entry.prepared !== undefined) {
          delete entry.prepared;
          save();
        }
      },
      sentBefore() {
        return Object.values(entries)
          .flatMap((e) => (e.delivered ? [e.delivered] : []))
          .sort((a, b) => a.index - b.index);
      },
    };
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    rmSync(this.lockPath, { force: true });
  }

  private save(): void {
    const tmp = `${this.path}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeFileSync(fd, `${JSON.stringify(this.data, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
  }
}

/** Readable, unique and safe as a file name whatever the CMS id holds (slashes, dots, 200 characters). */
function fileStem(articleId: string): string {
  const slug = slugify(articleId).slice(0, 60) || 'article';
  return `${slug}-${createHash('sha256').update(articleId).digest('hex').slice(0, 12)}`;
}

function readLedger(path: string, articleId: string): LedgerFile {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { articleId, accounts: {} };
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(`the send ledger ${path} is not valid JSON; fix or remove it (removing it means the next send posts again)`);
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as LedgerFile).articleId !== articleId || typeof (parsed as LedgerFile).accounts !== 'object') {
    throw new ConfigError(`the send ledger ${path} is not a ledger for article ${articleId}; fix or remove it`);
  }
  return parsed as LedgerFile;
}

function takeLock(lockPath: string, articleId: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) throw new SendInProgressError(articleId, holder, lockPath);
      // The run that held it is gone (killed, crashed): its ledger is complete up to its last write.
      rmSync(lockPath, { force: true });
    }
  }
  throw new SendInProgressError(articleId, 0, lockPath);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
