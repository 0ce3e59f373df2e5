import { DeliveryError } from './delivery-error.js';

/** The platform refused this content (too long, invalid media, policy). Retrying the same thing will not help. */
export class ContentRejectedError extends DeliveryError {}
