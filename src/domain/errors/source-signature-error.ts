import { CrierError } from './crier-error.js';

/** A CMS webhook whose signature is missing, malformed, wrong or too old. The message never holds the secret. */
export class SourceSignatureError extends CrierError {}
