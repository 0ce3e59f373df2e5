import { definePlatform } from '../descriptor.js';
import { linkedinProfile } from './limits.js';

export interface LinkedInCredentials {
  accessToken: string;
  author: string;
  apiUrl: string;
}

/** One post, no replies; the article image is the link card's thumbnail. */
export const linkedinPlatform = definePlatform<LinkedInCredentials>({
  id: 'linkedin',
  name: 'LinkedIn',
  credentials: {
    accessToken: { env: 'LINKEDIN_ACCESS_TOKEN', required: true },
    author: { env: 'LINKEDIN_AUTHOR', required: true, example: 'urn:li:organization:2414183' },
    apiUrl: { env: 'LINKEDIN_API_URL', required: false, url: true, fallback: 'https://api.linkedin.com' },
  },
  profile: linkedinProfile,
  capabilities: { threads: false, delete: true, edit: false, media: true, altText: false, retrySafety: 'none' },
  async loadAdapter() {
    const { LinkedInAdapter } = await import('./adapter.js');
    return ({ account, credentials, fetchMedia }) => new LinkedInAdapter({ account, credentials, fetchMedia });
  },
});
