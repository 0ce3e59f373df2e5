import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PlatformId } from '../../domain/platform.js';

export interface OutboxPaths {
  /** JSON lines, the record. */
  lines: string;
  /** The same posts laid out for a person to read. */
  preview: string;
}

/** One pair of files per platform, shared by all of its accounts (each line names its account). */
export function outboxPaths(dir: string, platform: PlatformId): OutboxPaths {
  const base = resolve(dir);
  return { lines: join(base, `${platform}.jsonl`), preview: join(base, `${platform}.txt`) };
}

/** What a post record shows as the part's URL: the line in the platform's file. */
export function outboxUrl(paths: OutboxPaths, id: string): string {
  return `${pathToFileURL(paths.lines).href}#${id}`;
}
