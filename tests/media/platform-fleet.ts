import { startFakeDiscord, type FakeDiscord } from '../fakes/discord.js';
import { startFakeLinkedIn, type FakeLinkedIn } from '../fakes/linkedin.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack.js';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram.js';
import { startFakeThreads, type FakeThreads } from '../fakes/threads.js';
import { startFakes, type Fakes } from '../helpers/crier-harness.js';

/** X and Mastodon (the harness's fakes) plus Telegram, Threads, LinkedIn, Discord and Slack: every platform with a fake. */
export interface Fleet extends Fakes {
  telegram: FakeTelegram;
  threads: FakeThreads;
  linkedin: FakeLinkedIn;
  discord: FakeDiscord;
  slack: FakeSlack;
  /** Settings that point crier at the extra fakes. */
  env: Record<string, string>;
}

const TELEGRAM_TOKEN = '4242:fleet-bot-token';
const THREADS_TOKEN = 'THQWfleet-threads-token';
const LINKEDIN_TOKEN = 'AQVfleet-linkedin-token';

export async function startFleet(): Promise<Fleet> {
  const base = await startFakes();
  const telegram = await startFakeTelegram({ token: TELEGRAM_TOKEN, chats: { '@crier_news': { id: -1001, username: 'crier_news' } } });
  const threads = await startFakeThreads({ userId: '4242', token: THREADS_TOKEN });
  const linkedin = await startFakeLinkedIn({ token: LINKEDIN_TOKEN });
  const discord = await startFakeDiscord({ id: '1200', token: 'fleet-discord-token' });
  const slack = await startFakeSlack({ secret: 'fleet-slack-secret' });
  return {
    ...base,
    telegram,
    threads,
    linkedin,
    discord,
    slack,
    env: {
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_CHAT_ID: '@crier_news',
      TELEGRAM_API_URL: telegram.url,
      THREADS_USER_ID: '4242',
      THREADS_ACCESS_TOKEN: THREADS_TOKEN,
      THREADS_API_URL: threads.url,
      LINKEDIN_ACCESS_TOKEN: LINKEDIN_TOKEN,
      LINKEDIN_AUTHOR: 'urn:li:organization:2414183',
      LINKEDIN_API_URL: linkedin.url,
      DISCORD_WEBHOOK_URL: discord.webhookUrl,
      SLACK_WEBHOOK_URL: slack.webhookUrl,
    },
    async close() {
      await Promise.all([base.close(), telegram.close(), threads.close(), linkedin.close(), discord.close(), slack.close()]);
    },
  };
}
