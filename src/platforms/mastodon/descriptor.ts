import { definePlatform } from '../descriptor.js';
import { mastodonProfile } from './limits.js';

export interface MastodonCredentials {
  url: string;
  accessToken: string;
  visibility: 'public' | 'unlisted' | 'private' | 'direct';
}

/** Each part's Idempotency-Key is stored before its first attempt and sent on every retry. */
export const mastodonPlatform = definePlatform<MastodonCredentials>({
  id: 'mastodon',
  name: 'Mastodon',
  credentials: {
    url: { env: 'MASTODON_URL', required: true, url: true },
    accessToken: { env: 'MASTODON_ACCESS_TOKEN', required: true },
    visibility: { env: 'MASTODON_VISIBILITY', required: false, fallback: 'public', oneOf: ['public', 'unlisted', 'private', 'direct'] },
  },
  profile: mastodonProfile,
  capabilities: { threads: true, delete: true, edit: false, media: true, altText: true, retrySafety: 'idempotency-key' },
  async loadAdapter() {
    const { MastodonAdapter } = await import('./adapter.js');
    return ({ account, credentials, fetchMedia }) => new MastodonAdapter({ account, credentials, fetchMedia });
  },
});
