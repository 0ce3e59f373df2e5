import { CrierError } from './crier-error.js';

/** A template that does not parse or render; names the file and line so an editor can fix it. */
export class TemplateError extends CrierError {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${detail}`, options);
  }
}
