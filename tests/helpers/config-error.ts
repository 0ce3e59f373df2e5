import { configFrom } from '../../src/config.js';
import { ConfigError } from '../../src/domain/errors/index.js';

/** The message of the ConfigError that configFrom(env) throws; fails the test if it throws nothing or something else. */
export function configError(env: Record<string, string>): string {
  try {
    configFrom(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
