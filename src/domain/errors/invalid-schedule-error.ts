import { CrierError } from './crier-error.js';

/** A time a post cannot be given (one already past): the request was understood and refused (422). */
export class InvalidScheduleError extends CrierError {
  constructor(
    readonly postId: string,
    readonly at: string,
    reason: string,
  ) {
    super(`cannot schedule post ${postId} for ${at}: ${reason}`);
  }
}
