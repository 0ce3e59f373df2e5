import { CrierError } from './crier-error.js';

/**
 * The article image (or page) cannot be had: a definite refusal (4xx, not an image, too large,
 * unsafe address) or a host that kept failing for the bounded number of tries. The post goes out
 * without it; `reason` says why, for the warning an editor sees.
 */
export class MediaUnavailableError extends CrierError {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`${url} could not be used: ${reason}`);
  }
}
