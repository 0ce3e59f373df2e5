import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export const TEST_WEBHOOK_SECRET = `whsec_${Buffer.from('crier-test-signing-key-0123456789').toString('base64')}`;

/** Standard Webhooks headers for `body`, as a CMS would send them. */
export function signedHeaders(body: string, options: { secret?: string; at?: Date; id?: string } = {}): Record<string, string> {
  const at = options.at ?? new Date();
  const id = options.id ?? `msg_${randomUUID()}`;
  const signature = new Webhook(options.secret ?? TEST_WEBHOOK_SECRET).sign(id, at, body);
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signature,
  };
}
