import type { Config } from '../config.js';
import { createCoreServices } from '../service/services.js';

/**
 * `crier retract <article-id>`: cancels the article's queued posts and queues the deletion of
 * everything that went out; the workers (`crier start` or `crier work`) carry it out.
 */
export async function retractCommand(articleId: string, options: { reason?: string; as?: string }, config: Config): Promise<string> {
  const core = await createCoreServices(config);
  try {
    const by = options.as ? `editor:${options.as}` : 'cli';
    const posts = await core.lifecycle.retractArticle(articleId, by, options.reason ?? 'retracted from the command line');
    const lines = [`retracting ${articleId}:`];
    for (const p of posts) {
      const retraction = p.retraction && p.state !== 'retracted' ? ` (retraction ${p.retraction.status}${p.retraction.error ? `: ${p.retraction.error}` : ''})` : '';
      lines.push(`  ${p.id}  ${p.platform}/${p.account}  ${p.kind ?? 'article'}  ${p.state}${retraction}`);
    }
    return lines.join('\n');
  } finally {
    await core.close();
  }
}
