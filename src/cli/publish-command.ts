import { parseArticleJson } from '../article/parse-article.js';
import type { Config } from '../config.js';
import { createCoreServices } from '../service/services.js';
import { readInput } from './read-input.js';

/** `crier publish`: the same intake as POST /v1/articles, from the command line. */
export async function publishCommand(file: string, config: Config): Promise<string> {
  const article = parseArticleJson(await readInput(file));
  const core = await createCoreServices(config);
  try {
    const result = await core.intake.accept(article, 'cli');
    const lines = [
      `${result.created ? 'accepted' : 'already accepted (nothing new created)'}: ${article.id} revision ${article.revision}`,
      ...result.posts.map((p) => `  ${p.id}  ${p.platform}/${p.account}  ${p.state}${p.scheduledAt ? ` at ${p.scheduledAt}` : ''}`),
    ];
    if (result.posts.length === 0) lines.push('  no accounts are configured: set credentials (see .env.example)');
    return lines.join('\n');
  } finally {
    await core.close();
  }
}
