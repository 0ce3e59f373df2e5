import { DeliveryError } from './delivery-error.js';

/** The platform says this content is already posted (X 403 duplicate). A signal to reconcile, not a failure. */
export class DuplicatePostError extends DeliveryError {}
