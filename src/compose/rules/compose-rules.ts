import { z } from 'zod';
import { PARSED_ONCE } from '../../domain/parse-once.js';
import { PLATFORM_IDS, type PlatformId } from '../../domain/platform.js';

/**
 * The newsroom's editorial rules for compose, read from TEMPLATES_DIR/rules/*.json so that a
 * social desk can read and extend them without touching code (templates/README.md documents each).
 */

const regexSource = z.string().refine((s) => {
  try {
    new RegExp(s, 'u');
    return true;
  } catch {
    return false;
  }
}, 'must be a valid regular expression');

const words = z.array(z.string().trim().min(1, 'must not be empty'));

export const dekRulesSchema = z.object({
  about: z.string().optional(),
  wire_agencies: words.default([]),
  dateline_separators: words.default(['—', '–', '-', ':']),
  abbreviations: words.default([]),
  patterns: z.array(regexSource).default([]),
  restating: z
    .object({
      about: z.string().optional(),
      headline_coverage: z.number().min(0).max(1).default(0.6),
      max_new_words: z.number().int().min(0).default(3),
    })
    .default({ headline_coverage: 0.6, max_new_words: 3 }),
  bullets: words.default(['•']),
});

export const altTextRulesSchema = z.object({
  about: z.string().optional(),
  credit_labels: words.default([]),
  credit_patterns: z.array(regexSource).default([]),
  min_words: z.number().int().min(0).default(3),
  min_characters: z.number().int().min(0).default(6),
});

const platformCaps = z
  .record(z.string(), z.number().int().min(0, 'must be 0 or more'))
  .refine((caps) => Object.keys(caps).every((k) => (PLATFORM_IDS as readonly string[]).includes(k)), {
    error: `keys must be platform ids (${PLATFORM_IDS.join(', ')})`,
  });

export const hashtagRulesSchema = z.object({
  about: z.string().optional(),
  max: platformCaps.default({}),
  breaking: z.number().int().min(0).default(0),
  joiner_by_script: z.record(z.string(), z.string().max(1, 'must be one character or empty')).default({}),
});

export const keyPointRulesSchema = z.object({
  about: z.string().optional(),
  context_openers: z.record(z.string(), words).default({}),
  context_patterns: z.array(regexSource).default([]),
});

export type DekRules = z.output<typeof dekRulesSchema>;
export type AltTextRules = z.output<typeof altTextRulesSchema>;
export type HashtagRules = z.output<typeof hashtagRulesSchema>;
export type KeyPointRules = z.output<typeof keyPointRulesSchema>;

export interface ComposeRules {
  dek: DekRules;
  altText: AltTextRules;
  hashtags: HashtagRules;
  keyPoints: KeyPointRules;
}

/** Rules when a newsroom ships no rules files: nothing stripped, caps as the platforms suggest. */
export function defaultRules(): ComposeRules {
  return {
    dek: dekRulesSchema.parse({}, PARSED_ONCE),
    altText: altTextRulesSchema.parse({}, PARSED_ONCE),
    hashtags: hashtagRulesSchema.parse({}, PARSED_ONCE),
    keyPoints: keyPointRulesSchema.parse({}, PARSED_ONCE),
  };
}

/** The newsroom's cap for a platform, else the platform's own default. */
export function hashtagCap(rules: HashtagRules, platform: PlatformId, platformDefault: number, breaking: boolean): number {
  const cap = rules.max[platform] ?? platformDefault;
  return breaking ? Math.min(cap, rules.breaking) : cap;
}
