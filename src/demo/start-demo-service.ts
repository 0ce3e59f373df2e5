import type { Config } from '../config.js';
import { createAdapterProvider } from '../platforms/registry.js';
import { runService, type RunningService } from '../service/run-service.js';
import { prefixes } from '../service/services.js';
import { addDemoEditor, type DemoEditor } from './demo-editor.js';

/** crier itself (intake, workers, dashboard) for the demo, and the dashboard editor it signs in as. */
export async function startDemoService(config: Config, redisUrl: string): Promise<{ service: RunningService; editor: DemoEditor }> {
  const service = await runService(config, { serve: true, work: true, adapters: (c, shared) => createAdapterProvider(c, shared) });
  try {
    return { service, editor: await addDemoEditor(redisUrl, prefixes(config).store) };
  } catch (error) {
    await service.stop();
    throw error;
  }
}
