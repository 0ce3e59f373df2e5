import { CrierError } from './crier-error.js';

/** Two drafts of one article revision target the same account: they would share a post id, so one would be lost. */
export class DuplicateDraftError extends CrierError {
  constructor(
    readonly platform: string,
    readonly account: string,
  ) {
    super(`more than one draft for ${platform}/${account} in the same article revision`);
  }
}
