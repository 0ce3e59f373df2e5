import { CrierError } from './crier-error.js';

export class ArticleNotFoundError extends CrierError {
  constructor(readonly articleId: string) {
    super(`no article ${JSON.stringify(articleId)}`);
  }
}
