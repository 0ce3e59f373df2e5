import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from './domain/errors/index.js';
import { lazy } from './domain/lazy.js';
import { PARSED_ONCE } from './domain/parse-once.js';
import { PLATFORM_IDS, type PlatformId } from './domain/platform.js';
import { slugify } from './domain/slug.js';

/**
 * ACCOUNTS_FILE: more accounts per platform, and which articles each one gets. Credentials are
 * written as "$VARIABLE" so secrets stay in the environment, not in a file that gets copied around:
 *
 *   { "accounts": [
 *     { "platform": "x", "name": "politics",
 *       "credentials": { "apiKey": "$X_POLITICS_API_KEY", "apiSecret": "$X_POLITICS_API_SECRET",
 *                        "accessToken": "$X_POLITICS_ACCESS_TOKEN", "accessSecret": "$X_POLITICS_ACCESS_SECRET" },
 *       "sections": ["Politics"], "tags": ["Elections 2025"], "review": true, "holdSeconds": 300 } ] }
 *
 * An account with sections or tags gets only articles in one of those sections or with one of
 * those tags; one with neither gets every article. `review` and `holdSeconds` override
 * REVIEW_PLATFORMS/REVIEW_SECTIONS and HOLD_SECONDS for that account. `"delivery": "outbox"` makes
 * the account write its posts to OUTBOX_DIR instead of the platform (an archive beside the real
 * accounts, or a desk staged before it goes live); such an account needs no credentials.
 */

export interface FileAccount {
  platform: PlatformId;
  name: string;
  credentials: Record<string, string>;
  sections?: string[];
  tags?: string[];
  review?: boolean;
  holdSeconds?: number;
  delivery?: 'live' | 'outbox';
}

// Built on first use: every process imports this module, few have an accounts file.
const fileSchema = lazy(() => {
  const accountSchema = z.object({
    platform: z.enum(PLATFORM_IDS, { error: `must be one of ${PLATFORM_IDS.join(', ')}` }),
    name: z.string().regex(/^[a-z0-9_-]{1,40}$/, 'must be 1–40 lower-case letters, digits, _ or -'),
    credentials: z.record(z.string(), z.string()).default({}),
    sections: z.array(z.string().min(1)).optional(),
    tags: z.array(z.string().min(1)).optional(),
    review: z.boolean().optional(),
    holdSeconds: z.number().int().min(0).optional(),
    delivery: z.enum(['live', 'outbox'], { error: 'must be live or outbox' }).optional(),
  });
  return z.object({ accounts: z.array(accountSchema) });
});

/** "$NAME" or "${NAME}" → the environment's value; anything else is taken as written. */
function resolveValue(value: string, where: string, env: Record<string, string | undefined>): string {
  const ref = /^\$\{?([A-Z][A-Z0-9_]*)\}?$/.exec(value.trim());
  if (!ref) return value;
  const resolved = env[ref[1]!]?.trim();
  if (!resolved) throw new ConfigError(`ACCOUNTS_FILE: ${where} refers to ${ref[1]}, which is not set`);
  return resolved;
}

export function readAccountsFile(path: string, env: Record<string, string | undefined>): FileAccount[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ConfigError(`ACCOUNTS_FILE ${path}: ${reason}`);
  }
  const parsed = fileSchema().safeParse(raw, PARSED_ONCE);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`ACCOUNTS_FILE ${path}: ${problems.join('; ')}`);
  }
  return parsed.data.accounts.map((account, i) => ({
    ...account,
    // An outbox account never uses credentials, so a desk can be staged before its secrets exist.
    credentials:
      account.delivery === 'outbox'
        ? {}
        : Object.fromEntries(
            Object.entries(account.credentials).map(([key, value]) => [key, resolveValue(value, `accounts[${i}].credentials.${key}`, env)]),
          ),
    sections: account.sections?.map(slugify),
    tags: account.tags?.map((t) => t.trim().toLowerCase()),
  }));
}
