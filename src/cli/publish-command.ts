import { parseArticleEventJson } from '../article/parse-article.js';
import type { Config } from '../config.js';
import { alertsFromConfig } from '../alerts/alerts.js';
import { withLifecycleAlerts } from '../alerts/lifecycle-alerts.js';
import { createCoreServices } from '../service/services.js';
import { readInput } from './read-input.js';

/** `crier publish`: the same intake as POST /v1/articles (publications and withdrawals), from the command line. */
export async function publishCommand(file: string, config: Config): Promise<string> {
  const event = parseArticleEventJson(await readInput(file));
  const core = await createCoreServices(config);
  // Queued here, sent by the service's workers: what this event leaves for an editor is announced.
  const alerts = alertsFromConfig(config, core.redis);
  try {
    const outcome = await withLifecycleAlerts(core.lifecycle, alerts).handle(event, 'cli');
    const what = event.kind === 'publish' ? `${event.article.id} revision ${event.article.revision}` : `${event.articleId} (${event.status})`;
    const lines = [
      `${outcome.action === 'duplicate' ? 'already accepted (nothing new created)' : `accepted (${outcome.action})`}: ${what}`,
      ...outcome.posts.map((p) => `  ${p.id}  ${p.platform}/${p.account}  ${p.state}${p.scheduledAt ? ` at ${p.scheduledAt}` : ''}`),
    ];
    if (outcome.posts.length === 0 && event.kind === 'publish') lines.push('  no accounts are configured: set credentials (see .env.example)');
    return lines.join('\n');
  } finally {
    await alerts.close();
    await core.close();
  }
}
