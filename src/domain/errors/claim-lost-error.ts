import { CrierError } from './crier-error.js';

/**
 * A publish job's claim, made with its first part's prepared record, found the post changed since
 * the job was queued (or its ledger not empty): nothing was written and nothing sent, and the job
 * starts again from the stored post.
 */
export class ClaimLostError extends CrierError {}
