import { CrierError } from './crier-error.js';

export class EditorNotFoundError extends CrierError {
  constructor(readonly editorName: string) {
    super(`no editor named ${editorName}`);
  }
}
