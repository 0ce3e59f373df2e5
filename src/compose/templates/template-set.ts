import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LiquidError, type Liquid, type Template } from 'liquidjs';
import type { Article } from '../../domain/article.js';
import { TemplateError } from '../../domain/errors/index.js';
import { isPlatformId, PLATFORM_IDS, type PlatformId } from '../../domain/platform.js';
import { createLiquidEngine } from './liquid-engine.js';
import { slugify } from '../../domain/slug.js';
import { ENGLISH_LABELS, loadMessages, type MessageCatalog } from '../messages/messages.js';
import type { ComposeRules } from '../rules/compose-rules.js';
import { loadRules } from '../rules/load-rules.js';
import { addAbbreviations } from '../sentences.js';
import type { TemplateVariables } from './variables.js';

/**
 * File names are the selection rules, so a social editor can add a variant by adding a file:
 *   <platform>.liquid                    the platform's template
 *   <platform>.breaking.liquid           used when the article's priority is "breaking"
 *   <platform>.section.<slug>.liquid     used for articles in that section ("South Asia" → south-asia)
 *   <platform>.correction.liquid         the correction note posted under a post that went out
 *   <platform>.lang.<language>.liquid    articles in that language ("es", "pt-br"), as sections vary by section
 *   default[.breaking|.section.<slug>].liquid   the same, for platforms without their own
 *   _<name>.liquid                       partials, for {% render '_name' %}
 * Breaking beats section beats language beats plain; a platform's own files beat default's.
 */
const NAME =
  /^(?<base>[a-z]+)(?:\.(?<variant>breaking|correction|section\.(?<slug>[\p{L}\p{N}-]+)|lang\.(?<lang>[a-z]{2,3}(?:-[a-z0-9]{2,8})*)))?\.liquid$/u;

export interface CompiledTemplate {
  file: string;
  render(variables: TemplateVariables): string;
}

export interface TemplateSet {
  readonly dir: string;
  readonly files: readonly string[];
  select(platform: PlatformId, article: Pick<Article, 'priority' | 'section' | 'language'>): CompiledTemplate;
  /** The newsroom's compose rules (TEMPLATES_DIR/rules/*.json). */
  readonly rules: ComposeRules;
  /** The labels per language (TEMPLATES_DIR/messages/<language>.json). */
  readonly messages: MessageCatalog;
  /** `<platform>.correction.liquid`, else `default.correction.liquid`; undefined when neither exists. */
  selectCorrection(platform: PlatformId): CompiledTemplate | undefined;
}

function lineOf(error: unknown): number | undefined {
  if (error instanceof LiquidError) {
    const [line] = error.token.getPosition();
    return line;
  }
  return undefined;
}

function describe(error: unknown): string {
  if (error instanceof LiquidError) {
    const original = error.originalError?.message ?? error.message;
    // Liquid appends ", file:…, line:…, col:…" and a source excerpt; the TemplateError names file and line itself.
    return original.split('\n')[0]!.replace(/, file:.*$/, '').replace(/, line:\d+, col:\d+$/, '');
  }
  return error instanceof Error ? error.message : String(error);
}

/** Sample input that exercises every variable, so a template's render-time errors surface at start-up. */
function sampleVariables(platform: PlatformId, breaking: boolean): TemplateVariables {
  return {
    headline: 'Sample headline',
    summary: 'A sample summary sentence.',
    key_points: ['First key point.', 'Second key point with 42 figures.'],
    url: 'https://example.com/news/sample',
    hashtags: '',
    tags: ['Sample', 'Other tag'],
    section: 'Sample Section',
    section_slug: 'sample-section',
    authors: ['A. Writer', 'B. Reporter'],
    byline: 'By A. Writer and B. Reporter',
    labels: ENGLISH_LABELS,
    language: 'en',
    published_at: '2025-01-01T00:00:00Z',
    priority: breaking ? 'breaking' : 'normal',
    breaking,
    platform,
    account: 'default',
    has_image: true,
    image: { url: 'https://example.com/image.jpg', alt: 'Sample alt text' },
    correction: 'An earlier version of this article misstated the date of the meeting.',
  };
}

class LiquidTemplate implements CompiledTemplate {
  constructor(
    readonly file: string,
    private readonly engine: Liquid,
    private readonly parsed: Template[],
  ) {}

  render(variables: TemplateVariables): string {
    try {
      return String(this.engine.renderSync(this.parsed, variables));
    } catch (error) {
      throw new TemplateError(this.file, lineOf(error), describe(error), { cause: error });
    }
  }
}

/**
 * Reads, parses and trial-renders every template in `dir`. Throws TemplateError (file and line)
 * for the first broken one, so a bad edit stops crier at start-up rather than at post time.
 */
export function loadTemplates(dir: string): TemplateSet {
  const root = resolve(dir);
  let names: string[];
  try {
    if (!statSync(root).isDirectory()) throw new Error('not a directory');
    names = readdirSync(root).filter((n) => n.endsWith('.liquid')).sort();
  } catch (error) {
    throw new TemplateError(root, undefined, `cannot read templates directory (TEMPLATES_DIR): ${describe(error)}`);
  }
  const rules = loadRules(root);
  const messages = loadMessages(root);
  addAbbreviations(rules.dek.abbreviations);
  const engine = createLiquidEngine(root);
  const byKey = new Map<string, LiquidTemplate>();
  const files: string[] = [];

  for (const name of names) {
    const path = join(root, name);
    let parsed: Template[];
    try {
      parsed = engine.parseFileSync(name);
    } catch (error) {
      throw new TemplateError(path, lineOf(error), describe(error), { cause: error });
    }
    if (name.startsWith('_')) continue; // partials are checked through the templates that render them
    const match = NAME.exec(name);
    const base = match?.groups?.base;
    if (!match || !base || (base !== 'default' && !isPlatformId(base))) {
      throw new TemplateError(
        path,
        undefined,
        `unknown template name; expected <platform>[.breaking|.correction|.section.<slug>|.lang.<language>].liquid with platform one of ${PLATFORM_IDS.join(', ')} or default, or _<partial>.liquid`,
      );
    }
    const template = new LiquidTemplate(path, engine, parsed);
    const trialPlatform: PlatformId = base === 'default' ? 'x' : (base as PlatformId);
    for (const breaking of [false, true]) {
      const output = template.render(sampleVariables(trialPlatform, breaking));
      if (output.trim() === '') throw new TemplateError(path, undefined, 'renders to empty text for a sample article');
    }
    const variant = match.groups?.slug
      ? `section.${match.groups.slug}`
      : match.groups?.lang
        ? `lang.${match.groups.lang}`
        : (match.groups?.variant ?? '');
    byKey.set(`${base}|${variant}`, template);
    files.push(path);
  }

  for (const platform of PLATFORM_IDS) {
    if (!byKey.has(`${platform}|`) && !byKey.has('default|')) {
      throw new TemplateError(root, undefined, `no template for ${platform}: add ${platform}.liquid or default.liquid`);
    }
  }

  return {
    dir: root,
    files,
    rules,
    messages,
    select(platform, article) {
      const slug = article.section ? slugify(article.section) : undefined;
      const lang = article.language?.toLowerCase();
      const primary = lang?.split('-')[0];
      for (const base of [platform, 'default']) {
        const keys = [
          article.priority === 'breaking' ? `${base}|breaking` : undefined,
          slug ? `${base}|section.${slug}` : undefined,
          lang ? `${base}|lang.${lang}` : undefined,
          primary && primary !== lang ? `${base}|lang.${primary}` : undefined,
          `${base}|`,
        ];
        for (const key of keys) {
          const found = key ? byKey.get(key) : undefined;
          if (found) return found;
        }
      }
      // Unreachable after the check above; kept so a caller never gets undefined.
      throw new TemplateError(root, undefined, `no template for ${platform}`);
    },
    selectCorrection(platform) {
      return byKey.get(`${platform}|correction`) ?? byKey.get('default|correction');
    },
  };
}
