export type LogLevel = 'info' | 'warn' | 'error';

/** Events that need someone: a post that stopped, an account refused. Everything else is info. */
const LEVELS: Readonly<Record<string, LogLevel>> = {
  'post-failed': 'warn',
  'post-partially-published': 'warn',
  'post-held-for-image': 'warn',
  'image-left-out': 'warn',
  'media-check-failed': 'warn',
  'credentials-refused': 'error',
  'worker-error': 'error',
};

export function levelOf(event: string): LogLevel {
  return LEVELS[event] ?? 'info';
}
