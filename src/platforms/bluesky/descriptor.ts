import { definePlatform } from '../descriptor.js';
import { blueskyProfile } from './limits.js';

export interface BlueskyCredentials {
  identifier: string;
  appPassword: string;
  service: string;
}

/** The whole record and its TID key are stored before the first attempt and written with putRecord: a repeat is a no-op. The article image becomes the link card's thumbnail, which has no alt text field. */
export const blueskyPlatform = definePlatform<BlueskyCredentials>({
  id: 'bluesky',
  name: 'Bluesky',
  credentials: {
    identifier: { env: 'BLUESKY_IDENTIFIER', required: true },
    appPassword: { env: 'BLUESKY_APP_PASSWORD', required: true },
    service: { env: 'BLUESKY_SERVICE', required: false, url: true, fallback: 'https://bsky.social' },
  },
  profile: blueskyProfile,
  capabilities: { threads: true, delete: true, edit: false, media: true, altText: false, retrySafety: 'record-key' },
  async loadAdapter() {
    const { BlueskyAdapter } = await import('./adapter.js');
    return ({ account, credentials, fetchMedia }) => new BlueskyAdapter({ account, credentials, fetchMedia });
  },
});
