import type { Config } from '../config.js';
import { createAdapterProvider } from '../platforms/registry.js';
import { runService, type RunningService } from '../service/run-service.js';

/**
 * Runs until SIGTERM or SIGINT, then drains: no new requests or jobs, the part in flight finishes,
 * and the process exits 0. A second signal exits at once. The handlers go in before anything
 * starts: workers may take a job while start-up is still finishing, and a signal then must drain
 * too, not kill the process mid-part.
 */
export async function serviceCommand(config: Config, mode: { serve: boolean; work: boolean }): Promise<void> {
  let service: RunningService | undefined;
  let stopping = false;
  const drain = (running: RunningService) =>
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`crier: error while stopping: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    process.stderr.write(`crier: ${signal} received, draining\n`);
    if (service) void drain(service);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  service = await runService(config, { ...mode, adapters: (c, shared) => createAdapterProvider(c, shared) });
  if (stopping) void drain(service);
}
