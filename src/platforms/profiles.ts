import type { PlatformId } from '../domain/platform.js';
import { blueskyProfile } from './bluesky/limits.js';
import { discordProfile } from './discord/limits.js';
import { linkedinProfile } from './linkedin/limits.js';
import { mastodonProfile } from './mastodon/limits.js';
import type { PlatformProfile } from './profile.js';
import { slackProfile } from './slack/limits.js';
import { telegramProfile } from './telegram/limits.js';
import { threadsProfile } from './threads/limits.js';
import { webhookProfile } from './webhook/limits.js';
import { xProfile } from './x/limits.js';

export const PROFILES: Record<PlatformId, PlatformProfile> = {
  x: xProfile,
  bluesky: blueskyProfile,
  mastodon: mastodonProfile,
  threads: threadsProfile,
  linkedin: linkedinProfile,
  telegram: telegramProfile,
  discord: discordProfile,
  slack: slackProfile,
  webhook: webhookProfile,
};
