import { definePlatform } from '../descriptor.js';
import { matrixProfile } from './limits.js';

export interface MatrixCredentials {
  homeserverUrl: string;
  accessToken: string;
  roomId: string;
}

/**
 * One room on a homeserver, through the Client-Server API v3. Every event is sent with a
 * transaction id kept in the ledger, so the homeserver answers a retried part with the event it
 * already made. No edit: crier's adapter interface has none to offer (Matrix itself could, by m.replace).
 */
export const matrixPlatform = definePlatform<MatrixCredentials>({
  id: 'matrix',
  name: 'Matrix',
  credentials: {
    homeserverUrl: { env: 'MATRIX_HOMESERVER_URL', required: true, url: true },
    accessToken: { env: 'MATRIX_ACCESS_TOKEN', required: true },
    roomId: { env: 'MATRIX_ROOM_ID', required: true, example: '!newsdesk:matrix.example.org' },
  },
  profile: matrixProfile,
  capabilities: { threads: true, delete: true, edit: false, media: true, altText: true, retrySafety: 'idempotency-key' },
  async loadAdapter() {
    const { MatrixAdapter } = await import('./adapter.js');
    return ({ account, credentials, fetchMedia }) => new MatrixAdapter({ account, credentials, fetchMedia });
  },
});
