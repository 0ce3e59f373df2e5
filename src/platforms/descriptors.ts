import type { PlatformId } from '../domain/platform.js';
import { blueskyPlatform } from './bluesky/descriptor.js';
import type { CredentialsOf, PlatformDescriptor } from './descriptor.js';
import { discordPlatform } from './discord/descriptor.js';
import { linkedinPlatform } from './linkedin/descriptor.js';
import { matrixPlatform } from './matrix/descriptor.js';
import { mastodonPlatform } from './mastodon/descriptor.js';
import { slackPlatform } from './slack/descriptor.js';
import { telegramPlatform } from './telegram/descriptor.js';
import { threadsPlatform } from './threads/descriptor.js';
import { webhookPlatform } from './webhook/descriptor.js';
import { xPlatform } from './x/descriptor.js';

/**
 * Every platform crier posts to. A new platform is a folder with its descriptor, adapter and limits,
 * plus one line here (and its id in PLATFORM_IDS, the public list of ids).
 */
export const PLATFORMS = {
  x: xPlatform,
  bluesky: blueskyPlatform,
  mastodon: mastodonPlatform,
  threads: threadsPlatform,
  linkedin: linkedinPlatform,
  telegram: telegramPlatform,
  discord: discordPlatform,
  slack: slackPlatform,
  webhook: webhookPlatform,
  matrix: matrixPlatform,
} satisfies Record<PlatformId, { id: PlatformId }>;

export type CredentialsByPlatform = { [P in PlatformId]: CredentialsOf<(typeof PLATFORMS)[P]> };

/** A descriptor seen without its credential type, for code that walks every platform. */
export type AnyPlatform = Omit<PlatformDescriptor, 'loadAdapter'>;

export const PLATFORM_LIST: readonly AnyPlatform[] = Object.values(PLATFORMS);
