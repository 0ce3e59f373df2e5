import type { FieldIssue } from './article-validation-error.js';
import { CrierError } from './crier-error.js';

/** A CMS webhook's payload does not have the shape its source expects: every problem is listed. */
export class SourcePayloadError extends CrierError {
  constructor(
    readonly source: string,
    readonly issues: FieldIssue[],
  ) {
    super(`invalid ${source} payload: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
  }
}
