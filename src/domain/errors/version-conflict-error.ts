import { CrierError } from './crier-error.js';

/** Someone changed the post since the caller read it; `currentVersion` is what to re-read and retry against. */
export class VersionConflictError extends CrierError {
  constructor(
    readonly postId: string,
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(`post ${postId} is at version ${currentVersion}, not ${expectedVersion}: reload it and try again`);
  }
}
