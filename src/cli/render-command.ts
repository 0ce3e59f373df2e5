import { parseArticleJson } from '../article/parse-article.js';
import { composerFor } from '../compose/composer.js';
import { loadTemplates } from '../compose/templates/template-set.js';
import type { Config } from '../config.js';
import { readInput } from './read-input.js';
import { renderJson, renderText } from './render-output.js';
import { parsePlatformList, renderTargets } from './targets.js';

export interface RenderCommandOptions {
  platform?: string;
  json?: boolean;
}

/**
 * `crier render`: compose alone. No Redis, no credentials, no network: Mastodon is counted with
 * its default limits (500, links 23), as an instance that cannot be read would be.
 */
export async function renderCommand(file: string, options: RenderCommandOptions, config: Config): Promise<string> {
  const only = parsePlatformList(options.platform);
  const templates = loadTemplates(config.templatesDir);
  const article = parseArticleJson(await readInput(file));
  const composer = composerFor(templates, config);
  const drafts = composer.compose(article, renderTargets(config.accounts, only, article));
  return options.json ? renderJson(article, drafts) : renderText(article, drafts);
}
