import type { Config } from '../config.js';
import type { Intake } from '../pipeline/intake.js';
import type { PublishQueues } from '../pipeline/publish-queues.js';
import type { PostStore } from '../posts/post-store.js';

export interface AppDeps {
  config: Pick<Config, 'webhookSecret' | 'editorToken' | 'bodyLimitBytes'>;
  intake: Intake;
  store: PostStore;
  queues: PublishQueues;
  /** True while the service's Redis connection is up. */
  redisReady(): boolean;
  /** Present when this process runs workers (`crier start`): readiness then includes them. */
  workersRunning?(): boolean;
}
