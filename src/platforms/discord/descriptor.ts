import { definePlatform } from '../descriptor.js';
import { discordProfile } from './limits.js';

export interface DiscordCredentials {
  webhookUrl: string;
}

/** An incoming webhook: messages, no replies; ?wait=true returns the message so it can be deleted. */
export const discordPlatform = definePlatform<DiscordCredentials>({
  id: 'discord',
  name: 'Discord',
  credentials: {
    webhookUrl: { env: 'DISCORD_WEBHOOK_URL', required: true, url: true },
  },
  profile: discordProfile,
  capabilities: { threads: false, delete: true, edit: false, media: true, altText: false, retrySafety: 'none' },
  async loadAdapter() {
    const { DiscordAdapter } = await import('./adapter.js');
    return ({ account, credentials }) => new DiscordAdapter({ account, credentials });
  },
});
