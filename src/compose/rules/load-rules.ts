import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { TemplateError } from '../../domain/errors/index.js';
import { PARSED_ONCE } from '../../domain/parse-once.js';
import { altTextRulesSchema, defaultRules, dekRulesSchema, hashtagRulesSchema, keyPointRulesSchema, type ComposeRules } from './compose-rules.js';

function readRules<S extends z.ZodType>(dir: string, name: string, schema: S, fallback: z.output<S>): z.output<S> {
  const path = join(dir, 'rules', name);
  if (!existsSync(path)) return fallback;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new TemplateError(path, undefined, `not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = schema.safeParse(raw, PARSED_ONCE);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new TemplateError(path, undefined, problems.join('; '));
  }
  return parsed.data;
}

/** TEMPLATES_DIR/rules/{dek,alt-text,hashtags,key-points}.json; a missing file means that rule set's defaults. */
export function loadRules(dir: string): ComposeRules {
  const d = defaultRules();
  return {
    dek: readRules(dir, 'dek.json', dekRulesSchema, d.dek),
    altText: readRules(dir, 'alt-text.json', altTextRulesSchema, d.altText),
    hashtags: readRules(dir, 'hashtags.json', hashtagRulesSchema, d.hashtags),
    keyPoints: readRules(dir, 'key-points.json', keyPointRulesSchema, d.keyPoints),
  };
}
