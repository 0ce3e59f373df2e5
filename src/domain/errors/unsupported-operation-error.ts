import { CrierError } from './crier-error.js';

/** The platform cannot do this at all (deleting a Slack incoming-webhook message); retrying will not help. */
export class UnsupportedOperationError extends CrierError {}
