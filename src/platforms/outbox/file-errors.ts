import { ConfigError, TransientError } from '../../domain/errors/index.js';

// A full disk or too many open files passes; a path that is not a writable directory needs a person.
const PASSING = new Set(['ENOSPC', 'EMFILE', 'ENFILE', 'EAGAIN', 'EBUSY', 'EIO', 'EINTR']);

/** Maps a file-system failure to the class the pipeline decides retries by. */
export function outboxWriteError(error: unknown, path: string, platform: string, partIndex?: number): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const what = `outbox: cannot write ${path}${code ? ` (${code})` : ''}`;
  if (code && PASSING.has(code)) {
    const transient = new TransientError(what, { cause: error });
    transient.platform = platform;
    if (partIndex !== undefined) transient.partIndex = partIndex;
    return transient;
  }
  return new ConfigError(`${what}: OUTBOX_DIR must be a directory crier can write to`, { cause: error });
}
