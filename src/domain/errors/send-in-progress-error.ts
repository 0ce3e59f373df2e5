import { CrierError } from './crier-error.js';

/** Another `crier send` holds the article's ledger: running both could post the same part twice. */
export class SendInProgressError extends CrierError {
  constructor(
    readonly articleId: string,
    readonly pid: number,
    readonly lockFile: string,
  ) {
    super(`another crier send for article ${articleId} is running (pid ${pid}); if it is not, remove ${lockFile}`);
  }
}
