import { DeliveryError } from './delivery-error.js';

/** A failure worth retrying as is: 5xx, connection refused, a reset before the request was sent. */
export class TransientError extends DeliveryError {}
