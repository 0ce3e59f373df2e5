import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import type { PublishQueues } from '../pipeline/publish-queues.js';
import type { AccountHealthSource } from './dashboard-deps.js';

export const BULL_BOARD_PATH = '/admin/queues';

/**
 * Bull Board over every account's publish queue, for admins. It registers its own view engine
 * and static files, so it lives in a scope of its own beside the dashboard pages.
 */
export async function registerBullBoard(scope: FastifyInstance, queues: PublishQueues, accounts: readonly AccountHealthSource[]): Promise<void> {
  const adapter = new FastifyAdapter();
  adapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: accounts.map((a) => new BullMQAdapter(queues.queue(a.platform, a.account))),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'crier queues' } },
  });
  // The app keeps bodies as strings for signature checks; Bull Board's API wants JSON objects.
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, body === '' ? {} : (JSON.parse(body as string) as unknown));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  await scope.register(adapter.registerPlugin(), { prefix: BULL_BOARD_PATH });
}
