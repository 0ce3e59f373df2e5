import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TemplateError } from '../../domain/errors/index.js';

/** The labels templates use, as `{{ labels.breaking }}` and so on; every language file has them all. */
export const LABEL_KEYS = ['breaking', 'opinion', 'analysis', 'by', 'and', 'list_separator', 'key_points', 'read_more', 'correction', 'updated'] as const;
export type LabelKey = (typeof LABEL_KEYS)[number];
export type Labels = Record<LabelKey, string>;

/** English, used when TEMPLATES_DIR has no messages/ folder. */
export const ENGLISH_LABELS: Labels = {
  breaking: 'BREAKING:',
  opinion: 'Opinion',
  analysis: 'Analysis',
  by: 'By',
  and: 'and',
  list_separator: ', ',
  key_points: 'Key points:',
  read_more: 'Read more:',
  correction: 'Correction:',
  updated: 'Updated:',
};

export interface MessageCatalog {
  readonly languages: readonly string[];
  /** Labels for a BCP 47 tag: the exact tag ("pt-BR"), then its language ("pt"), then English. */
  labelsFor(language: string | undefined): Labels;
}

const FILE = /^(?<tag>[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.json$/;

function parseLabels(path: string, raw: string, fallback: Labels): Labels {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (error) {
    throw new TemplateError(path, undefined, `not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new TemplateError(path, undefined, 'expected a JSON object of labels');
  const record = data as Record<string, unknown>;
  const unknown = Object.keys(record).filter((k) => !(LABEL_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) throw new TemplateError(path, undefined, `unknown label ${unknown.join(', ')}; labels are ${LABEL_KEYS.join(', ')}`);
  const labels = { ...fallback };
  for (const key of LABEL_KEYS) {
    const value = record[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new TemplateError(path, undefined, `${key} must be a string`);
    labels[key] = value;
  }
  return labels;
}

/**
 * TEMPLATES_DIR/messages/<language>.json. A language file may leave a label out: it falls back to
 * English (en.json), so a partly translated language still posts, in a language a reader can follow.
 */
export function loadMessages(dir: string): MessageCatalog {
  const folder = join(dir, 'messages');
  const byTag = new Map<string, Labels>();
  if (existsSync(folder)) {
    const names = readdirSync(folder).filter((n) => n.endsWith('.json')).sort();
    const enPath = join(folder, 'en.json');
    const english = existsSync(enPath) ? parseLabels(enPath, readFileSync(enPath, 'utf8'), ENGLISH_LABELS) : ENGLISH_LABELS;
    for (const name of names) {
      const path = join(folder, name);
      const tag = FILE.exec(name)?.groups?.tag;
      if (!tag) throw new TemplateError(path, undefined, 'message files are named by language, like en.json or pt-BR.json');
      byTag.set(tag.toLowerCase(), name === 'en.json' ? english : parseLabels(path, readFileSync(path, 'utf8'), english));
    }
    byTag.set('en', english);
  }
  const english = byTag.get('en') ?? ENGLISH_LABELS;
  return {
    languages: [...byTag.keys()].sort(),
    labelsFor(language) {
      if (!language) return english;
      const tag = language.toLowerCase();
      return byTag.get(tag) ?? byTag.get(tag.split('-')[0] ?? '') ?? english;
    },
  };
}
