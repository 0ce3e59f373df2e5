import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisServerMissingError, RedisUnavailableError } from '../domain/errors/index.js';
import { connectRedis, redactRedisUrl } from '../pipeline/redis-connection.js';

export interface DemoRedis {
  url: string;
  /** The redis-server the demo started for itself (stopped and its directory removed on stop()). */
  own?: { pid: number; dir: string };
  stop(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  try {
    (await connectRedis(url, 1500)).disconnect();
    return true;
  } catch (error) {
    if (error instanceof RedisUnavailableError) return false;
    throw error;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Resolves once the process is running, or to the spawn error (ENOENT: not on PATH). */
function spawned(child: ChildProcess): Promise<Error | undefined> {
  return new Promise((resolve) => {
    child.once('spawn', () => resolve(undefined));
    child.once('error', resolve);
  });
}

/**
 * A redis-server of the demo's own: loopback only, a free port, nothing saved, its files in a
 * temporary directory. It is killed on stop(), and on any exit of this process as a last resort.
 */
async function startOwnRedis(configuredUrl: string): Promise<DemoRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'crier-demo-redis-'));
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: 'ignore',
  });
  const failed = await spawned(child);
  if (failed) {
    rmSync(dir, { recursive: true, force: true });
    if ((failed as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new RedisServerMissingError(
        `no Redis answers at ${redactRedisUrl(configuredUrl)} (REDIS_URL) and there is no redis-server on PATH: ` +
          'install one (Debian: apt-get install redis-server; macOS: brew install redis) or run one (Docker: docker run -p 6379:6379 redis)',
      );
    }
    throw failed;
  }
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited(child);
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  while (!(await answers(url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new RedisUnavailableError(`the demo's own redis-server on port ${port} did not start`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, own: { pid: child.pid ?? 0, dir }, stop };
}

/** Redis at REDIS_URL when it answers; otherwise one the demo starts and stops itself. */
export async function demoRedis(url: string): Promise<DemoRedis> {
  if (await answers(url)) return { url, stop: async () => undefined };
  return startOwnRedis(url);
}
