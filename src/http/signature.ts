import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { CrierError } from '../domain/errors/index.js';

/** A publish event whose Standard Webhooks signature is missing, wrong or stale (> 300 s off). */
export class SignatureError extends CrierError {}

export type HeaderBag = Record<string, string | string[] | undefined>;

function header(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Verifies `webhook-id`, `webhook-timestamp` and `webhook-signature` over the raw body
 * (DESIGN.md, Signature). The standardwebhooks package does the HMAC and the 300 s tolerance.
 */
export class SignatureVerifier {
  private readonly webhook: Webhook;

  constructor(secret: string) {
    this.webhook = new Webhook(secret);
  }

  verify(rawBody: string, headers: HeaderBag): void {
    const id = header(headers, 'webhook-id');
    const timestamp = header(headers, 'webhook-timestamp');
    const signature = header(headers, 'webhook-signature');
    const missing = [
      id ? undefined : 'webhook-id',
      timestamp ? undefined : 'webhook-timestamp',
      signature ? undefined : 'webhook-signature',
    ].filter((h): h is string => h !== undefined);
    if (missing.length > 0) throw new SignatureError(`missing signature header ${missing.join(', ')}`);
    try {
      this.webhook.verify(rawBody, {
        'webhook-id': id as string,
        'webhook-timestamp': timestamp as string,
        'webhook-signature': signature as string,
      });
    } catch (error) {
      if (error instanceof WebhookVerificationError) throw new SignatureError(`signature rejected: ${error.message}`);
      // The library parses the body after verifying it: a syntax error means the signature was good.
      if (error instanceof SyntaxError) return;
      throw error;
    }
  }
}
