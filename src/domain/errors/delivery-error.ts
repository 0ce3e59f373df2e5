import { CrierError } from './crier-error.js';

/** Raised by platform adapters; `platform` says which one, `partIndex` which part of a thread. */
export class DeliveryError extends CrierError {
  platform?: string;
  partIndex?: number;
  /** HTTP status the platform answered with, when there was one. */
  status?: number;
}
