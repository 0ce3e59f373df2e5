import { definePlatform } from '../descriptor.js';
import { webhookProfile } from './limits.js';

export interface WebhookTargetCredentials {
  url: string;
  secret: string;
}

/** Standard Webhooks-signed JSON; the webhook-id is reused on a retry so the receiver can drop the repeat. */
export const webhookPlatform = definePlatform<WebhookTargetCredentials>({
  id: 'webhook',
  name: 'Webhook',
  credentials: {
    url: { env: 'WEBHOOK_TARGET_URL', required: true, url: true },
    secret: { env: 'WEBHOOK_TARGET_SECRET', required: true, example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
  },
  profile: webhookProfile,
  capabilities: { threads: false, delete: false, edit: false, media: true, altText: true, retrySafety: 'idempotency-key' },
  async loadAdapter() {
    const { WebhookAdapter } = await import('./adapter.js');
    return ({ account, credentials }) => new WebhookAdapter({ account, credentials });
  },
});
