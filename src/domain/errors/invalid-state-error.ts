import { CrierError } from './crier-error.js';

/** The operation is not allowed while the post is in `state` (e.g. editing parts once publishing started). */
export class InvalidStateError extends CrierError {
  constructor(
    readonly postId: string,
    readonly state: string,
    readonly operation: string,
  ) {
    super(`cannot ${operation} post ${postId} while it is ${state}`);
  }
}
