import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { dashboardDepsFor } from '../dashboard/dashboard-setup.js';
import { buildApp } from '../http/app.js';
import { EditLog } from '../http/edit-log.js';
import type { AdapterProvider } from '../pipeline/adapter-provider.js';
import { PublishQueues } from '../pipeline/publish-queues.js';
import { PublishWorkers } from '../pipeline/publish-workers.js';
import type { PostRecord } from '../posts/post.js';
import { startSweeper, sweepOnce } from '../pipeline/sweeper.js';
import { PostStore } from '../posts/post-store.js';
import { createLogger } from './logger.js';
import { createCoreServices, prefixes, targetsOf } from './services.js';
import { startSources } from './start-sources.js';

export interface RunOptions {
  serve: boolean;
  work: boolean;
  adapters: (config: Config) => AdapterProvider & { close(): Promise<void> };
}

export interface RunningService {
  app?: FastifyInstance;
  address?: string;
  stop(): Promise<void>;
}

/**
 * `crier start` (both), `crier serve` (intake + editor API) and `crier work` (delivery).
 * stop() is the SIGTERM path: the server stops taking requests, workers finish the part in flight
 * and hand the rest of a thread back to the queue, then connections close.
 */
export async function runService(config: Config, options: RunOptions): Promise<RunningService> {
  const logger = createLogger(config.logLevel);
  const onRetractionNeeded = (post: PostRecord): void => {
    const why = post.retraction?.error ?? post.retraction?.reason;
    logger.warn({ postId: post.id, platform: post.platform, account: post.account, articleId: post.articleId, retraction: post.retraction?.status, reason: why }, 'post needs an editor to retract it');
  };
  const core = await createCoreServices(config, logger, { onRetractionNeeded });
  let workerQueues: PublishQueues | undefined;
  let workers: PublishWorkers | undefined;
  let stopSweeper: (() => void) | undefined;
  let adapters: (AdapterProvider & { close(): Promise<void> }) | undefined;

  if (options.work) {
    adapters = options.adapters(config);
    const { store: storePrefix, queue: queuePrefix } = prefixes(config);
    // Workers keep going through a Redis blip, so their store uses the reconnecting connection.
    const store = new PostStore(core.redis, { prefix: storePrefix });
    workerQueues = new PublishQueues(core.redis, queuePrefix, config.delivery);
    workers = new PublishWorkers({
      connection: core.redis,
      queuePrefix,
      storePrefix,
      store,
      adapters,
      accounts: targetsOf(config),
      delivery: config.delivery,
      log: (event, fields) => logger.info(fields, event),
      queues: workerQueues,
      onRetractionNeeded: (post) => onRetractionNeeded(post),
    });
    const onSweepError = (e: unknown) => logger.warn({ message: e instanceof Error ? e.message : String(e) }, 'sweep failed');
    await sweepOnce(core.store, core.queues).catch(onSweepError);
    stopSweeper = startSweeper(core.store, core.queues, config.delivery.sweepIntervalMs, onSweepError);
  }

  const sources = await startSources({
    config,
    redis: core.redis,
    requestRedis: core.requestRedis,
    work: options.work,
    submit: (event, by) => core.lifecycle.handle(event, by),
    log: (event, fields) => logger.info(fields, event),
  });

  let app: FastifyInstance | undefined;
  let address: string | undefined;
  if (options.serve) {
    app = buildApp(
      {
        config,
        lifecycle: core.lifecycle,
        store: core.store,
        queues: core.queues,
        editLog: new EditLog(core.requestRedis, prefixes(config).store),
        dashboard: dashboardDepsFor(config, core.requestRedis, prefixes(config).store, core.articles),
        redisReady: () => core.requestRedis.status === 'ready',
        sources: sources.deps,
        workersRunning: workers ? () => workers.running : undefined,
      },
      { loggerInstance: logger },
    );
    address = await app.listen({ port: config.port, host: config.host });
  }
  // Workers start last: once they take jobs, start-up is over and a signal finds the drain path ready.
  workers?.start();
  logger.info({ serve: options.serve, work: options.work, accounts: targetsOf(config) }, 'crier started');

  return {
    app,
    address,
    async stop() {
      stopSweeper?.();
      await app?.close();
      await sources.close();
      await workers?.drain();
      await workerQueues?.close();
      await adapters?.close();
      await core.close();
      logger.info('crier stopped');
    },
  };
}
