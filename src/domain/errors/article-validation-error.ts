import { CrierError } from './crier-error.js';

export interface FieldIssue {
  /** Dotted path of the field, e.g. `image.url`; `(root)` for the document itself. */
  field: string;
  message: string;
}

/** The article event is not valid: every bad field is listed. */
export class ArticleValidationError extends CrierError {
  constructor(readonly issues: FieldIssue[]) {
    super(`invalid article: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
  }
}
