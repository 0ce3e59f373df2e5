import { spawn, type ChildProcess } from 'node:child_process';

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `crier work` (or any crier command) as a real child process, as it runs in production. */
export function spawnCrier(args: string[], env: Record<string, string>, nodeArgs: string[] = []): WorkerProcess {
  // CRIER_DIST=1 runs the compiled build (npm run build), as production images can.
  const entry = process.env.CRIER_DIST === '1' ? ['dist/cli.js'] : ['--import', 'tsx', 'src/cli.ts'];
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
