import { DeliveryError } from './delivery-error.js';

/** The request may have gone through (timeout after sending, connection lost before the answer). Reconcile or retry only where the platform makes the retry safe. */
export class AmbiguousOutcomeError extends DeliveryError {}
