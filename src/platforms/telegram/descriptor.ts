import { definePlatform } from '../descriptor.js';
import { telegramProfile } from './limits.js';

export interface TelegramCredentials {
  botToken: string;
  chatId: string;
  apiUrl: string;
}

/** Parts reply to each other; bots may delete their messages for 48 hours only. */
export const telegramPlatform = definePlatform<TelegramCredentials>({
  id: 'telegram',
  name: 'Telegram',
  credentials: {
    botToken: { env: 'TELEGRAM_BOT_TOKEN', required: true },
    chatId: { env: 'TELEGRAM_CHAT_ID', required: true },
    apiUrl: { env: 'TELEGRAM_API_URL', required: false, url: true, fallback: 'https://api.telegram.org' },
  },
  profile: telegramProfile,
  capabilities: { threads: true, delete: true, edit: false, media: true, altText: false, retrySafety: 'none' },
  async loadAdapter() {
    const { TelegramAdapter } = await import('./adapter.js');
    return ({ account, credentials, fetchMedia }) => new TelegramAdapter({ account, credentials, fetchMedia });
  },
});
