import { CrierError } from './crier-error.js';

/** `crier editor add` for a name that already has an account. */
export class EditorExistsError extends CrierError {
  constructor(readonly editorName: string) {
    super(`editor ${editorName} already exists: remove it first to replace it`);
  }
}
