import type { ComposeTarget } from '../compose/composer.js';
import type { AccountConfig } from '../config.js';
import type { Article } from '../domain/article.js';
import { accountGetsArticle } from '../domain/routing.js';
import { ConfigError } from '../domain/errors/index.js';
import { isPlatformId, PLATFORM_IDS, type PlatformId } from '../domain/platform.js';

export function parsePlatformList(value: string | undefined): PlatformId[] | undefined {
  if (value === undefined) return undefined;
  const ids = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = ids.filter((id) => !isPlatformId(id));
  if (unknown.length > 0) {
    throw new ConfigError(`unknown platform ${unknown.join(', ')}; known platforms: ${PLATFORM_IDS.join(', ')}`);
  }
  return [...new Set(ids as PlatformId[])];
}

/**
 * Which accounts to render for: the configured accounts (optionally narrowed by --platform);
 * with nothing configured, every platform's "default" account, so a newsroom can preview
 * before it has credentials.
 */
export function renderTargets(
  accounts: readonly AccountConfig[],
  only: PlatformId[] | undefined,
  article: Pick<Article, 'section' | 'tags'>,
): ComposeTarget[] {
  if (accounts.length === 0) {
    return (only ?? [...PLATFORM_IDS]).map((platform) => ({ platform, account: 'default' }));
  }
  const configured = accounts
    .filter((a) => accountGetsArticle(article, a))
    .map((a) => ({ platform: a.platform, account: a.name }));
  if (!only) return configured;
  return only.flatMap((platform) => {
    const matching = configured.filter((t) => t.platform === platform);
    return matching.length > 0 ? matching : [{ platform, account: 'default' }];
  });
}
