import { parseArticleJson } from '../article/parse-article.js';
import { MastodonInstanceLimits, mastodonProfileResolver } from '../platforms/mastodon/instance.js';
import { composerFor } from '../compose/composer.js';
import { loadTemplates } from '../compose/templates/template-set.js';
import type { Config } from '../config.js';
import { UnconfirmedPartError } from '../domain/errors/index.js';
import { accountGetsArticle } from '../domain/routing.js';
import { imageWarning, resolveDraftMedia } from '../media/draft-media.js';
import { createMediaFetcher } from '../media/media-fetcher.js';
import { createAdapterProvider } from '../platforms/registry.js';
import { readInput } from './read-input.js';
import { renderText } from './render-output.js';
import { SendLedgerFile } from './send-ledger.js';
import { parsePlatformList } from './targets.js';

export interface SendCommandOptions {
  platform?: string;
  dryRun?: boolean;
  /** Where the per-article send ledgers live (`<stateDir>/send-ledger/`). Default `.crier`. */
  stateDir?: string;
}

export const DEFAULT_STATE_DIR = '.crier';

/**
 * `crier send`: compose one article and deliver it now to each configured account, without the
 * queue: the first thing a newsroom runs to check its credentials. The same compose and adapter
 * code as the service, with the ledger in a file per article, so running it twice for the same
 * article does not post twice: what went out is skipped and said so, and a part whose first
 * attempt was cut off is retried only where the platform makes that safe.
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
  const composer = composerFor(templates, config, mastodonProfileResolver(accounts, instanceLimits, { refresh: false }));
  const drafts = composer.compose(article, accounts.map((a) => ({ platform: a.platform, account: a.name })));
  if (options.dryRun) return { output: `${renderText(article, drafts)}\n(dry run: nothing was sent)`, failed: false };

  // The image is fetched once for every platform; one that cannot be had is left out, with a warning.
  const fetchMedia = createMediaFetcher(config);
  const ledgers = SendLedgerFile.open(options.stateDir ?? DEFAULT_STATE_DIR, article.id);
  const provider = createAdapterProvider(config, { fetchMedia });
  const lines: string[] = [];
  let failed = false;
  try {
    for (const draft of drafts) {
      const label = `${draft.platform}/${draft.account}`;
      const ledger = ledgers.account(label);
      const before = ledger.sentBefore();
      const urlLines = (parts: { url?: string; remoteId: string }[]) => parts.map((p) => `  ${p.url ?? p.remoteId}`);
      // Every part went out in an earlier run: nothing to ask the platform.
      if (draft.parts.every((_part, index) => before.some((p) => p.index === index))) {
        lines.push(`${label}: already sent by an earlier crier send; nothing sent now`, ...urlLines(before));
        continue;
      }
      try {
        const { draft: toSend, unavailable } = await resolveDraftMedia(draft, fetchMedia);
        const result = await (await provider.get(draft.platform, draft.account)).post(toSend, ledger);
        const earlier = new Set(before.map((p) => p.index));
        const now = result.parts.filter((p) => !earlier.has(p.index)).length;
        const header =
          earlier.size === 0
            ? `${label}: sent ${now} ${now === 1 ? 'post' : 'posts'}`
            : `${label}: sent ${now} more ${now === 1 ? 'post' : 'posts'}; ${earlier.size} had gone out in an earlier crier send`;
        lines.push(header, ...urlLines(result.parts));
        if (unavailable) lines.push(`  warning: ${imageWarning(unavailable.url, unavailable.reason)}`);
      } catch (error) {
        failed = true;
        const kind = error instanceof Error ? error.constructor.name : 'Error';
        lines.push(`${label}: not sent: ${kind}: ${error instanceof Error ? error.message : String(error)}`);
        if (error instanceof UnconfirmedPartError) {
          lines.push(`  once you have checked the platform, remove this account's entry from ${ledgers.path} to send it again`);
        }
      }
    }
  } finally {
    ledgers.release();
    await provider.close();
  }
  lines.push(`(send ledger: ${ledgers.path})`);
  return { output: lines.join('\n'), failed };
}
