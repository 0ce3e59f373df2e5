import { spawn } from 'node:child_process';
import { SETTING_NAMES } from '../../src/config.js';
import { crierEntry } from '../helpers/worker-process.js';

export interface CrierRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout then stderr, for assertions that do not care which stream a line went to. */
  output: string;
}

/**
 * The parent's environment with every variable crier reads removed, so a child sees only what
 * the test passes. (spawnCrier merges over process.env, which cannot unset a variable, and an
 * empty string is not "unset" for crier: `MASTODON_URL=''` fails config validation.)
 */
export function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const settings = new Set(SETTING_NAMES);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !settings.has(name)) env[name] = value;
  }
  return { ...env, ...extra };
}

/**
 * Runs `crier <args>` as a child process (like tests/helpers/worker-process.ts) with exactly
 * `cleanEnv(env)`, writes `stdin` to its standard input (or closes it at once), and waits for exit.
 */
export function runCrier(args: string[], env: Record<string, string>, stdin = '', entry = crierEntry()): Promise<CrierRun> {
  const child = spawn(process.execPath, [...entry, ...args], {
    env: cleanEnv(env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // A child that exits without reading stdin must not crash the test with EPIPE.
  child.stdin.on('error', () => undefined);
  child.stdin.end(stdin);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr, output: stdout + stderr }));
  });
}

/** True when the text holds a stack frame line ("    at fn (file:line:col)"). */
export function hasStackTrace(text: string): boolean {
  return /^\s{4}at /m.test(text);
}
