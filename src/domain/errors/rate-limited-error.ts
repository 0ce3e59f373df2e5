import { DeliveryError } from './delivery-error.js';

/** A 429 or equivalent: wait until `resetAt`. Not a failed attempt. */
export class RateLimitedError extends DeliveryError {
  constructor(
    message: string,
    readonly resetAt: Date,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
