import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, eventually, randomPrefix } from '../helpers/crier-harness.js';
import { freePort } from '../helpers/redis-server.js';
import { serviceEnv } from '../helpers/service-env.js';

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Every live descendant of `pid`, read from /proc (Linux, where the service runs). */
function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      // The process ended while we read.
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, parent] of parentOf) if (parent === p) (out.push(child), walk(child));
  };
  walk(pid);
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/\) Z /.test(state);
  } catch {
    return false;
  }
}

const prefixes: string[] = [];
afterEach(async () => {
  for (const p of prefixes.splice(0)) await cleanup(p);
});

describe('npm start', () => {
  it('a SIGTERM to the started process stops the service: no child is left holding the port', async () => {
    const prefix = randomPrefix();
    prefixes.push(prefix);
    const port = await freePort();
    const env = { ...process.env, ...serviceEnv(prefix, { HOST: '127.0.0.1', PORT: String(port) }) };
    const npm = spawn('npm', ['start', '--silent'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    npm.stdout.on('data', (d: Buffer) => (output += d.toString()));
    npm.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const started: number[] = [];
    const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
    try {
      await eventually(() => listening(port), 30_000, `crier listening on ${port} (output: ${output})`);
      const tree = descendants(npm.pid!);
      started.push(...tree);
      expect(tree.length).toBeGreaterThan(0);
      // The service runs with V8 set to favour memory (see src/cli.ts).
      const commandLines = tree.map((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'));
      expect(commandLines.some((args) => args.includes('--max-semi-space-size=1') && args.includes('--heap-growing-percent=50') && args.includes('dist/cli.js'))).toBe(true);

      npm.kill('SIGTERM');
      await exited;
      await eventually(async () => !(await listening(port)), 20_000, 'the port to be free');
      await eventually(() => tree.every((pid) => !alive(pid)), 20_000, 'every process npm started to end');
    } finally {
      // Whatever this test started and is still alive (orphans are no longer npm's descendants).
      for (const pid of [...descendants(npm.pid ?? -1), ...started]) if (alive(pid)) process.kill(pid, 'SIGKILL');
      if (npm.exitCode === null) npm.kill('SIGKILL');
    }
  }, 90_000);
});
