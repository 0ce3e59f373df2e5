import { CrierError } from './crier-error.js';

/** An editor account that cannot be created as given: `field` is name, password or role. */
export class InvalidEditorError extends CrierError {
  constructor(
    readonly field: 'name' | 'password' | 'role',
    message: string,
  ) {
    super(`editor ${field}: ${message}`);
  }
}
