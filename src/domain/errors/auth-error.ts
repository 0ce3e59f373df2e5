import { DeliveryError } from './delivery-error.js';

/** Credentials were refused (401/403 for auth reasons). Permanent until someone fixes the configuration. */
export class AuthError extends DeliveryError {}
