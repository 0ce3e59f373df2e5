import { ArticleValidationError, CrierError } from '../domain/errors/index.js';

/** What a person sees when a command fails: the problem, never a stack trace for expected errors. */
export function reportError(error: unknown): { message: string; exitCode: number } {
  if (error instanceof ArticleValidationError) {
    const lines = error.issues.map((i) => `  ${i.field}: ${i.message}`);
    return { message: `crier: invalid article\n${lines.join('\n')}`, exitCode: 2 };
  }
  if (error instanceof CrierError) return { message: `crier: ${error.message}`, exitCode: 2 };
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { message: `crier: unexpected error\n${detail}`, exitCode: 1 };
}
