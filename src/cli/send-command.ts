import { parseArticleJson } from '../article/parse-article.js';
import { MastodonInstanceLimits, mastodonProfileResolver } from '../platforms/mastodon/instance.js';
import { Composer } from '../compose/composer.js';
import { loadTemplates } from '../compose/templates/template-set.js';
import type { Config } from '../config.js';
import { MemoryLedger } from '../domain/memory-ledger.js';
import { accountGetsArticle } from '../domain/routing.js';
import { imageWarning, resolveDraftMedia } from '../media/draft-media.js';
import { createMediaFetcher } from '../media/media-fetcher.js';
import { createAdapterProvider } from '../platforms/registry.js';
import { readInput } from './read-input.js';
import { renderText } from './render-output.js';
import { parsePlatformList } from './targets.js';

export interface SendCommandOptions {
  platform?: string;
  dryRun?: boolean;
}

/**
 * `crier send`: compose one article and deliver it now to each configured account, without the
 * queue: the first thing a newsroom runs to check its credentials. The same compose and adapter
 * code as the service, with the ledger in memory.
 */
export async function sendCommand(
  file: string,
  options: SendCommandOptions,
  config: Config,
): Promise<{ output: string; failed: boolean }> {
  const only = parsePlatformList(options.platform);
  const templates = loadTemplates(config.templatesDir);
  const article = parseArticleJson(await readInput(file));
  const accounts = config.accounts.filter((a) => (!only || only.includes(a.platform)) && accountGetsArticle(article, a));
  if (accounts.length === 0) {
    return {
      output: `no configured account${only ? ` for ${only.join(', ')}` : ''}: set the platform's credentials (see .env.example)`,
      failed: true,
    };
  }
  // One send: ask each Mastodon instance for its limits first, so the post fits what it accepts.
  // A dry run makes no request at all, and previews with Mastodon's default limits.
  const instanceLimits = new MastodonInstanceLimits();
  if (!options.dryRun) await Promise.all(accounts.flatMap((a) => (a.platform === 'mastodon' && 'credentials' in a ? [instanceLimits.get(a.credentials.url)] : [])));
  const composer = new Composer({
    templates,
    maxParts: config.thread.maxParts,
    numbering: config.thread.numbering,
    threadMode: config.thread.mode,
    altTextPolicy: config.altTextPolicy,
    profileFor: mastodonProfileResolver(accounts, instanceLimits, { refresh: false }),
  });
  const drafts = composer.compose(article, accounts.map((a) => ({ platform: a.platform, account: a.name })));
  if (options.dryRun) return { output: `${renderText(article, drafts)}\n(dry run: nothing was sent)`, failed: false };

  // The image is fetched once for every platform; one that cannot be had is left out, with a warning.
  const fetchMedia = createMediaFetcher(config);
  const provider = createAdapterProvider(config, { fetchMedia });
  const lines: string[] = [];
  let failed = false;
  try {
    for (const draft of drafts) {
      const label = `${draft.platform}/${draft.account}`;
      try {
        const { draft: toSend, unavailable } = await resolveDraftMedia(draft, fetchMedia);
        const result = await provider.get(draft.platform, draft.account).post(toSend, new MemoryLedger());
        const urls = result.parts.map((p) => p.url ?? p.remoteId);
        lines.push(`${label}: sent ${result.parts.length} ${result.parts.length === 1 ? 'post' : 'posts'}`, ...urls.map((u) => `  ${u}`));
        if (unavailable) lines.push(`  warning: ${imageWarning(unavailable.url, unavailable.reason)}`);
      } catch (error) {
        failed = true;
        const kind = error instanceof Error ? error.constructor.name : 'Error';
        lines.push(`${label}: not sent: ${kind}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } finally {
    await provider.close();
  }
  return { output: lines.join('\n'), failed };
}
