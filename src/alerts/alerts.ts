import { createHash } from 'node:crypto';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { PostRecord } from '../posts/post.js';
import type { Alert, AlertType } from './alert.js';
import { alertBody, alertTargetOf } from './alert-format.js';
import { accountLink, postLink } from './post-link.js';

type Level = 'info' | 'warn' | 'error';

export interface AlertsOptions {
  /** The reconnecting connection BullMQ shares. */
  connection: Redis;
  queuePrefix: string;
  storePrefix: string;
  webhookUrl?: string;
  publicUrl?: string;
  log?: (level: Level, event: string, fields: Record<string, unknown>) => void;
  /** Told of each alert the webhook took or finally refused (metrics). */
  onDelivered?: (type: AlertType, outcome: 'sent' | 'failed') => void;
  attempts?: number;
  backoffMs?: number;
  timeoutMs?: number;
}

/** What the pipeline and the lifecycle call. Never throws: an alert must not hold up delivery. */
export interface AlertNotifier {
  notify(type: Exclude<AlertType, 'account.credentials_failed'>, post: PostRecord, reason: string): Promise<void>;
  notifyAccount(platform: string, account: string, reason: string): Promise<void>;
}

export const ALERT_QUEUE = 'alerts';
/** One alert per post state change is kept this long; a key seen again within it sends nothing. */
const DEDUPE_SECONDS = 7 * 24 * 3600;
/** A refused account is reported again at most this often (each start-up check and each refused post asks). */
const ACCOUNT_DEDUPE_SECONDS = 3600;

/**
 * Alerts to ALERT_WEBHOOK_URL through a BullMQ queue of their own: `notify` only writes to Redis,
 * so delivery never waits for the webhook, and the queue retries it with backoff. Deduplicated by
 * a Redis key per post state change (post id + version + type), so a redelivered job or two
 * workers reporting the same change send one alert.
 */
export class Alerts implements AlertNotifier {
  private readonly queue?: Queue<Alert>;
  private worker?: Worker<Alert>;

  constructor(private readonly options: AlertsOptions) {
    if (options.webhookUrl) this.queue = new Queue<Alert>(ALERT_QUEUE, { connection: options.connection, prefix: options.queuePrefix });
  }

  async notify(type: Exclude<AlertType, 'account.credentials_failed'>, post: PostRecord, reason: string): Promise<void> {
    const alert: Alert = {
      type,
      post: post.id,
      article: post.articleId,
      platform: post.platform,
      account: post.account,
      reason,
      url: postLink(this.options.publicUrl, post.id),
    };
    await this.enqueue(alert, `${type}|${post.id}|${post.version}|${post.state}`, DEDUPE_SECONDS);
  }

  async notifyAccount(platform: string, account: string, reason: string): Promise<void> {
    const alert: Alert = { type: 'account.credentials_failed', post: null, article: null, platform, account, reason, url: accountLink(this.options.publicUrl) };
    await this.enqueue(alert, `account.credentials_failed|${platform}|${account}`, ACCOUNT_DEDUPE_SECONDS);
  }

  /** Sends queued alerts; run by worker processes. */
  start(): void {
    if (!this.queue || this.worker) return;
    this.worker = new Worker<Alert>(ALERT_QUEUE, (job) => this.send(job), {
      connection: this.options.connection,
      prefix: this.options.queuePrefix,
      concurrency: 2,
    });
    this.worker.on('failed', (job, error) => {
      if (!job) return;
      const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
      if (!final) return;
      this.options.onDelivered?.(job.data.type, 'failed');
      this.options.log?.('error', 'alert-failed', { type: job.data.type, postId: job.data.post, platform: job.data.platform, account: job.data.account, reason: error.message });
    });
    this.worker.on('error', (error) => this.options.log?.('error', 'alert-worker-error', { message: error.message }));
  }

  /** The alert queue's job counts for bullmq_job_count; undefined when alerts are off. */
  async queueCounts(): Promise<Record<string, number> | undefined> {
    return this.queue?.getJobCounts();
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
  }

  private async enqueue(alert: Alert, dedupeKey: string, dedupeSeconds: number): Promise<void> {
    const fields = { type: alert.type, postId: alert.post, platform: alert.platform, account: alert.account, reason: alert.reason };
    // Without ALERT_WEBHOOK_URL the warn and error logs are the only report; repeating them here would be noise.
    if (!this.queue) return;
    const digest = createHash('sha256').update(dedupeKey).digest('hex').slice(0, 32);
    const marker = `${this.options.storePrefix}alert-sent:${digest}`;
    try {
      const fresh = await this.options.connection.set(marker, '1', 'EX', dedupeSeconds, 'NX');
      if (fresh !== 'OK') return;
      await this.queue
        .add('alert', alert, {
          jobId: `a_${digest}`,
          attempts: this.options.attempts ?? 10,
          backoff: { type: 'exponential', delay: this.options.backoffMs ?? 2000, jitter: 0.5 },
          removeOnComplete: { age: 24 * 3600, count: 10_000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        })
        .catch(async (error: unknown) => {
          // Not queued: let a later report of the same change try again.
          await this.options.connection.del(marker).catch(() => undefined);
          throw error;
        });
      this.options.log?.('info', 'alert-queued', fields);
    } catch (error) {
      this.options.log?.('error', 'alert-not-queued', { ...fields, message: error instanceof Error ? error.message : String(error) });
    }
  }

  private async send(job: Job<Alert>): Promise<void> {
    const url = this.options.webhookUrl!;
    const body = alertBody(job.data, alertTargetOf(url));
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'crier-alerts' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        redirect: 'error',
      });
    } catch (error) {
      // The URL is a secret for Slack and Discord: the message names neither it nor its host.
      throw new Error(`alert webhook unreachable (${error instanceof Error ? error.name : 'error'})`);
    }
    await response.body?.cancel().catch(() => undefined);
    if (response.ok) {
      this.options.onDelivered?.(job.data.type, 'sent');
      return;
    }
    if (response.status === 408 || response.status === 429 || response.status >= 500) throw new Error(`alert webhook answered ${response.status}`);
    throw new UnrecoverableError(`alert webhook refused the alert: ${response.status}`);
  }
}

/** Alerts as the settings say (ALERT_WEBHOOK_URL, PUBLIC_URL), under the service's key prefixes. */
export function alertsFromConfig(
  config: Pick<Config, 'alerts' | 'redisPrefix'>,
  connection: Redis,
  extra: Pick<AlertsOptions, 'log' | 'onDelivered'> = {},
): Alerts {
  return new Alerts({
    connection,
    queuePrefix: `${config.redisPrefix}:q`,
    storePrefix: `${config.redisPrefix}:`,
    webhookUrl: config.alerts.webhookUrl,
    publicUrl: config.alerts.publicUrl,
    ...extra,
  });
}
