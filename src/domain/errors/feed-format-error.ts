import { CrierError } from './crier-error.js';

/** A feed answered with something that is not a readable RSS, Atom or JSON Feed document. */
export class FeedFormatError extends CrierError {}
