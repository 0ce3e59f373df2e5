import { CrierError } from './crier-error.js';

/** The worker is shutting down: the part in flight finished, the rest of the thread waits for another worker. */
export class DrainingError extends CrierError {}
