import { randomBytes } from 'node:crypto';
import { EditorStore } from '../editors/editor-store.js';
import { createRedis } from '../pipeline/redis-connection.js';

export interface DemoEditor {
  name: string;
  password: string;
}

/** An admin for the dashboard, as `crier editor add demo --role admin` makes one, with a password made for this run. */
export async function addDemoEditor(redisUrl: string, storePrefix: string): Promise<DemoEditor> {
  const redis = createRedis(redisUrl, { retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const editor = { name: 'demo', password: randomBytes(12).toString('base64url') };
    await new EditorStore(redis, storePrefix).add(editor.name, editor.password, 'admin');
    return editor;
  } finally {
    redis.disconnect();
  }
}
