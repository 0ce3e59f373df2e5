import type { Config } from '../config.js';
import { createAdapterProvider } from '../platforms/registry.js';
import { runService } from '../service/run-service.js';

/**
 * Runs until SIGTERM or SIGINT, then drains: no new requests or jobs, the part in flight finishes,
 * and the process exits 0. A second signal exits at once.
 */
export async function serviceCommand(config: Config, mode: { serve: boolean; work: boolean }): Promise<void> {
  const service = await runService(config, {
    ...mode,
    adapters: (c) => createAdapterProvider(c),
  });
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    process.stderr.write(`crier: ${signal} received, draining\n`);
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`crier: error while stopping: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
