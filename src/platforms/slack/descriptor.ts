import { definePlatform } from '../descriptor.js';
import { slackProfile } from './limits.js';

export interface SlackCredentials {
  webhookUrl: string;
}

/** An incoming webhook answers "ok" and nothing else: no message id, so nothing can be deleted. */
export const slackPlatform = definePlatform<SlackCredentials>({
  id: 'slack',
  name: 'Slack',
  credentials: {
    webhookUrl: { env: 'SLACK_WEBHOOK_URL', required: true, url: true },
  },
  profile: slackProfile,
  capabilities: { threads: false, delete: false, edit: false, media: true, altText: true, retrySafety: 'none' },
  async loadAdapter() {
    const { SlackAdapter } = await import('./adapter.js');
    return ({ account, credentials }) => new SlackAdapter({ account, credentials });
  },
});
