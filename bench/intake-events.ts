import { configFrom } from '../src/config.js';
import { createAdapterProvider } from '../src/platforms/registry.js';
import { runService } from '../src/service/run-service.js';
import { serviceEnv } from '../tests/helpers/service-env.js';
import { signedHeaders } from '../tests/helpers/sign.js';
import { sampleArticles } from './sample-articles.js';

export interface Intake {
  /** Sends article `n` (3 posts) at `revision` and waits for the 202. */
  send(n: number, revision?: number): Promise<void>;
  stop(): Promise<void>;
}

/** crier's intake alone (no worker), its accounts for X, Bluesky and Mastodon pointing nowhere: it only takes events in. */
export async function startIntake(redisUrl: string, prefix: string): Promise<Intake> {
  const env = serviceEnv(prefix, { REDIS_URL: redisUrl, HOST: '127.0.0.1', PORT: '0' });
  const intake = await runService(configFrom(env), { serve: true, work: false, adapters: (c) => createAdapterProvider(c) });
  const base = sampleArticles(20) as Record<string, unknown>[];
  return {
    async send(n, revision = 1) {
      const a = base[n % base.length]!;
      const body = JSON.stringify({ ...a, id: `intake-${n}`, revision, image: undefined });
      const res = await fetch(`${intake.address}/v1/articles`, { method: 'POST', body, headers: signedHeaders(body) });
      if (res.status !== 202) throw new Error(`bench: event ${n} answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    },
    stop: () => intake.stop(),
  };
}

/** The three kinds of event the intake benches measure, each over events 0…count-1 in turn. */
export const PHASES: readonly [string, (intake: Intake, n: number) => Promise<void>][] = [
  ['new article', (intake, n) => intake.send(n)],
  ['same event again', (intake, n) => intake.send(n)],
  ['revision 2', (intake, n) => intake.send(n, 2)],
];
