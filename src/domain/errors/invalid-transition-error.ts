import { CrierError } from './crier-error.js';

/** A post cannot move from `from` to `to` (see the transition table in src/posts/transitions.ts). */
export class InvalidTransitionError extends CrierError {
  constructor(
    readonly from: string | null,
    readonly to: string,
  ) {
    super(`a post cannot go from ${from ?? '(new)'} to ${to}`);
  }
}
