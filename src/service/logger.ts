import { pino, type Logger } from 'pino';

/** JSON logs to stdout. Config and credentials are never logged; adapters never put secrets in errors. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'crier' } });
}
