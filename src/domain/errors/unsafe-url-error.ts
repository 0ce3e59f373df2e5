import { CrierError } from './crier-error.js';

/** A URL crier refuses to fetch: not http(s), or it resolves to a private, loopback or link-local address. */
export class UnsafeUrlError extends CrierError {}
