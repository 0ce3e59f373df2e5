import { TEST_WEBHOOK_SECRET } from './sign.js';
import { REDIS_URL } from './redis.js';

export const EDITOR_TOKEN = 'editor-token-0123456789abcdef';

/**
 * An environment for configFrom(): crier's own settings plus credentials for X, Bluesky and
 * Mastodon pointing wherever the test says (fakes, or nowhere for tests that never deliver).
 */
export function serviceEnv(prefix: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    REDIS_URL,
    REDIS_PREFIX: prefix,
    WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    EDITOR_TOKEN,
    TEMPLATES_DIR: 'templates',
    LOG_LEVEL: 'silent',
    X_API_KEY: 'x-key',
    X_API_SECRET: 'x-secret-value',
    X_ACCESS_TOKEN: 'x-token',
    X_ACCESS_SECRET: 'x-access-secret-value',
    X_API_URL: 'http://127.0.0.1:9',
    BLUESKY_IDENTIFIER: 'newsroom.test',
    BLUESKY_APP_PASSWORD: 'app-password-value',
    BLUESKY_SERVICE: 'http://127.0.0.1:9',
    MASTODON_URL: 'http://127.0.0.1:9',
    MASTODON_ACCESS_TOKEN: 'mastodon-token-value',
    FETCH_ALLOW_PRIVATE: 'true',
    ...extra,
  };
}
