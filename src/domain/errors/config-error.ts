import { CrierError } from './crier-error.js';

/** The environment or a configuration file is wrong; the message names the setting. */
export class ConfigError extends CrierError {}
