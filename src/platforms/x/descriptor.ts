import { definePlatform } from '../descriptor.js';
import { xProfile } from './limits.js';

export interface XCredentials {
  apiKey: string;
  apiSecret: string;
  accessToken: string;
  accessSecret: string;
  apiUrl: string;
}

/** X has no idempotency key: an ambiguous outcome is reconciled by reading the account's own recent posts. */
export const xPlatform = definePlatform<XCredentials>({
  id: 'x',
  name: 'X',
  credentials: {
    apiKey: { env: 'X_API_KEY', required: true },
    apiSecret: { env: 'X_API_SECRET', required: true },
    accessToken: { env: 'X_ACCESS_TOKEN', required: true },
    accessSecret: { env: 'X_ACCESS_SECRET', required: true },
    apiUrl: { env: 'X_API_URL', required: false, url: true, fallback: 'https://api.x.com' },
  },
  profile: xProfile,
  capabilities: { threads: true, delete: true, edit: false, media: true, altText: true, retrySafety: 'read-back' },
  async loadAdapter() {
    const { XAdapter } = await import('./adapter.js');
    return ({ account, credentials, fetchMedia }) => new XAdapter({ account, credentials, fetchMedia });
  },
});
