import { CrierError } from './crier-error.js';

export interface PartIssue {
  /** Index of the offending part; absent when the problem is the thread as a whole (too many parts). */
  index?: number;
  message: string;
  /** The platform's measure of the part and the limit it broke, when the problem is length. */
  length?: number;
  limit?: number;
}

/** Edited parts that the platform would refuse: every bad part is listed so the editor can fix them all at once. */
export class PartsInvalidError extends CrierError {
  constructor(readonly issues: PartIssue[]) {
    super(`invalid parts: ${issues.map((i) => (i.index === undefined ? i.message : `part ${i.index}: ${i.message}`)).join('; ')}`);
  }
}
