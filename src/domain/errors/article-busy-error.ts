import { CrierError } from './crier-error.js';

/** Another event of the same article held its lock for too long: the sender should retry (503). */
export class ArticleBusyError extends CrierError {
  constructor(readonly articleId: string) {
    super(`article ${JSON.stringify(articleId)} is busy with another event; retry shortly`);
  }
}
