import { CrierError } from './crier-error.js';

export class PostNotFoundError extends CrierError {
  constructor(readonly postId: string) {
    super(`no post ${postId}`);
  }
}
