import { CrierError } from './crier-error.js';

/** A change to a post record carries a value the record cannot hold (a scheduledAt that is not a date, negative attempts). */
export class InvalidPostPatchError extends CrierError {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`${field}: ${detail}`);
  }
}
