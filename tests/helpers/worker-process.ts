import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The node flags of the bin's `#!/usr/bin/env -S node …` line. */
export function binNodeFlags(): string[] {
  const first = readFileSync('dist/cli.js', 'utf8').split('\n', 1)[0] ?? '';
  return /^#!\/usr\/bin\/env -S node(.*)$/.exec(first)?.[1]?.split(' ').filter(Boolean) ?? [];
}

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Node's arguments before crier's own: the sources through tsx, or the build (npm run build) as the
 * installed bin runs it, with the node flags its first line names. CRIER_DIST=1 picks the build.
 */
export function crierEntry(build = process.env.CRIER_DIST === '1'): string[] {
  return build ? [...binNodeFlags(), 'dist/cli.js'] : ['--import', 'tsx', 'src/cli.ts'];
}

/** `crier work` (or any crier command) as a real child process, as it runs in production. */
export function spawnCrier(args: string[], env: Record<string, string>, nodeArgs: string[] = [], entry = crierEntry()): WorkerProcess {
  const child = spawn(process.execPath, [...nodeArgs, ...entry, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => out, exited };
}
