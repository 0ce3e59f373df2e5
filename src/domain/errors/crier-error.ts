/** Base of every error crier raises on purpose. Callers decide by subclass, never by message. */
export class CrierError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
