import type { Config } from '../config.js';
import type { DashboardDeps } from '../dashboard/dashboard-deps.js';
import type { ArticleLifecycleApi } from '../lifecycle/lifecycle-types.js';
import type { PublishQueues } from '../pipeline/publish-queues.js';
import type { PostStore } from '../posts/post-store.js';
import type { SourceDeps } from '../sources/source-deps.js';
import type { CrierMetrics } from '../metrics/metrics.js';
import type { AccountCheck } from '../service/credential-check.js';
import type { EditLog } from './edit-log.js';

export interface AppDeps {
  config: Pick<Config, 'webhookSecret' | 'editorToken' | 'bodyLimitBytes'> & Partial<Pick<Config, 'metricsToken'>>;
  /** Every article event and editor action on an article (intake, retract, correct, article view). */
  lifecycle: ArticleLifecycleApi;
  store: PostStore;
  queues: PublishQueues;
  /** True while the service's Redis connection is up. */
  redisReady(): boolean;
  /** Present when this process runs workers (`crier start`): readiness then includes them. */
  workersRunning?(): boolean;
  /** Texts before and after each editor edit, for the history (JSON API and dashboard alike). */
  editLog?: EditLog;
  /** The social desk's web pages at `/`; absent, the app serves the APIs only. */
  dashboard?: DashboardDeps;
  /** Ghost's webhook intake and the feeds' health; absent, those routes say they are not configured. */
  sources?: SourceDeps;
  /** Serves GET /metrics (behind METRICS_TOKEN when set); absent, there is no /metrics. */
  metrics?: CrierMetrics;
  /** Each account's start-up credential check, shown by /readyz. */
  accountChecks?(): AccountCheck[];
}
