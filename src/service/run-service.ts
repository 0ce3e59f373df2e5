import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { redisAcceptsCommands } from '../http/unavailable.js';
import { EditLog } from '../http/edit-log.js';
import type { AdapterProvider } from '../pipeline/adapter-provider.js';
import { PublishQueues } from '../pipeline/publish-queues.js';
import { PublishWorkers } from '../pipeline/publish-workers.js';
import type { PostRecord } from '../posts/post.js';
import { startSweeper, sweepOnce } from '../pipeline/sweeper.js';
import { PostStore } from '../posts/post-store.js';
import { alertsFromConfig, ALERT_QUEUE, type Alerts } from '../alerts/alerts.js';
import { withLifecycleAlerts } from '../alerts/lifecycle-alerts.js';
import { createMediaFetcher } from '../media/media-fetcher.js';
import { RedisMediaStore } from '../media/media-store.js';
import { CrierMetrics } from '../metrics/metrics.js';
import { RedisTally } from '../metrics/tally.js';
import { queueNameFor } from '../pipeline/publish-job.js';
import type { MediaFetcher } from '../platforms/media.js';
import { CredentialChecks } from './credential-check.js';
import { createLogger } from './logger.js';
import { levelOf } from './log-levels.js';
import { createCoreServices, prefixes, targetsOf } from './services.js';
import { startSources } from './start-sources.js';

export interface RunOptions {
  serve: boolean;
  work: boolean;
  /** `shared.fetchMedia` is the service's once-per-article media cache: pass it to createAdapterProvider. */
  adapters: (config: Config, shared: { fetchMedia: MediaFetcher }) => AdapterProvider & { close(): Promise<void> };
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
  let alerts: Alerts | undefined;
  const onRetractionNeeded = (post: PostRecord): void => {
    const why = post.retraction?.error ?? post.retraction?.reason;
    void alerts?.notify('post.retraction_needed', post, why ?? 'the article was withdrawn');
    logger.warn({ postId: post.id, platform: post.platform, account: post.account, articleId: post.articleId, retraction: post.retraction?.status, reason: why }, 'post needs an editor to retract it');
  };
  // A process that does not serve composes only for what the sources bring, which may never come.
  const core = await createCoreServices(config, logger, { onRetractionNeeded, composeOnFirstUse: !options.serve });
  let workerQueues: PublishQueues | undefined;
  let workers: PublishWorkers | undefined;
  let stopSweeper: (() => void) | undefined;
  let adapters: (AdapterProvider & { close(): Promise<void> }) | undefined;
  let credentialChecks: CredentialChecks | undefined;
  const { store: storePrefix, queue: queuePrefix } = prefixes(config);
  // Counted in Redis, so whichever process serves /metrics reports every worker's deliveries.
  const metrics = new CrierMetrics(new RedisTally(core.redis, storePrefix));
  alerts = alertsFromConfig(config, core.redis, {
    log: (level, event, fields) => logger[level](fields, event),
    onDelivered: (type, outcome) => metrics.alert(type, outcome),
  });
  // What an event leaves for an editor (review, a broken template) is announced, whichever route it came by.
  const lifecycle = withLifecycleAlerts(core.lifecycle, alerts);
  metrics.attach({
    reviewBacklog: () => core.requestRedis.zcard(core.store.keys.byState('pending_review')),
    jobCounts: () =>
      Promise.all([
        ...targetsOf(config).map(async (t) => ({ queue: queueNameFor(t.platform, t.account), counts: await core.queues.queue(t.platform, t.account).getJobCounts() })),
        alerts?.queueCounts().then((counts) => ({ queue: ALERT_QUEUE, counts: counts ?? {} })) ?? Promise.resolve({ queue: ALERT_QUEUE, counts: {} }),
      ]),
  });

  if (options.work) {
    // Media once per article, across workers and retries: the image and page are kept in Redis.
    const fetchMedia = createMediaFetcher(config, new RedisMediaStore(core.redis, storePrefix));
    adapters = options.adapters(config, { fetchMedia });
    const provider = adapters;
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
      log: (event, fields) => logger[levelOf(event)](fields, event),
      reporting: { media: fetchMedia, imagePolicy: config.media.imagePolicy, alerts, metrics },
      queues: workerQueues,
      onRetractionNeeded: (post) => onRetractionNeeded(post),
    });
    const onSweepError = (e: unknown) => logger.warn({ message: e instanceof Error ? e.message : String(e) }, 'sweep failed');
    await sweepOnce(core.store, core.queues).catch(onSweepError);
    stopSweeper = startSweeper(core.store, core.queues, config.delivery.sweepIntervalMs, onSweepError);
    const alertsForChecks = alerts;
    credentialChecks = new CredentialChecks({
      accounts: targetsOf(config),
      adapterFor: (platform, account) => provider.get(platform, account),
      timeoutMs: 15_000,
      log: (level, event, fields) => logger[level](fields, event),
      onRefused: (platform, account, reason) => alertsForChecks.notifyAccount(platform, account, reason),
    });
  }

  const sources = await startSources({
    config,
    redis: core.redis,
    requestRedis: core.requestRedis,
    work: options.work,
    submit: (event, by) => lifecycle.handle(event, by),
    log: (event, fields) => logger.info(fields, event),
  });

  let app: FastifyInstance | undefined;
  let address: string | undefined;
  if (options.serve) {
    // The HTTP side (Fastify, the dashboard, Bull Board) is loaded only by processes that serve:
    // a `crier work` process never pays its memory.
    const [{ buildApp }, { dashboardDepsFor }] = await Promise.all([import('../http/app.js'), import('../dashboard/dashboard-setup.js')]);
    app = buildApp(
      {
        config,
        lifecycle,
        store: core.store,
        queues: core.queues,
        editLog: new EditLog(core.requestRedis, prefixes(config).store),
        dashboard: dashboardDepsFor(config, core.requestRedis, prefixes(config).store, core.articles),
        redisReady: () => redisAcceptsCommands(core.requestRedis),
        sources: sources.deps,
        workersRunning: workers ? () => workers.running : undefined,
        metrics,
        ...(credentialChecks ? { accountChecks: () => credentialChecks.list() } : {}),
      },
      { loggerInstance: logger },
    );
    address = await app.listen({ port: config.port, host: config.host });
  }
  // Workers start last: once they take jobs, start-up is over and a signal finds the drain path ready.
  workers?.start();
  if (options.work) alerts.start();
  // Checked once, in the background: a slow platform must not hold up start-up or the others.
  void credentialChecks?.run();
  logger.info({ serve: options.serve, work: options.work, accounts: targetsOf(config) }, 'crier started');

  return {
    app,
    address,
    async stop() {
      stopSweeper?.();
      await app?.close();
      await sources.close();
      await workers?.drain();
      await alerts?.close();
      await workerQueues?.close();
      await adapters?.close();
      await metrics.flush().catch(() => undefined);
      await core.close();
      logger.info('crier stopped');
    },
  };
}
