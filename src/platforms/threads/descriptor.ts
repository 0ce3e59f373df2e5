import { definePlatform } from '../descriptor.js';
import { threadsProfile } from './limits.js';

export interface ThreadsCredentials {
  userId: string;
  accessToken: string;
  apiUrl: string;
}

/** The container id is stored and its status checked before publishing again. Deleting needs the threads_delete permission (100 deletes per account per day). */
export const threadsPlatform = definePlatform<ThreadsCredentials>({
  id: 'threads',
  name: 'Threads',
  credentials: {
    userId: { env: 'THREADS_USER_ID', required: true },
    accessToken: { env: 'THREADS_ACCESS_TOKEN', required: true },
    apiUrl: { env: 'THREADS_API_URL', required: false, url: true, fallback: 'https://graph.threads.net' },
  },
  profile: threadsProfile,
  capabilities: { threads: true, delete: true, edit: false, media: true, altText: true, retrySafety: 'read-back' },
  async loadAdapter() {
    const { ThreadsAdapter } = await import('./adapter.js');
    return ({ account, credentials }) => new ThreadsAdapter({ account, credentials });
  },
});
