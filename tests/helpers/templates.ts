import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A copy of the shipped templates in a new temporary folder, with `files` (name → text) written over it. */
export function templatesWith(files: Record<string, string>, label = 'templates'): string {
  const dir = mkdtempSync(join(tmpdir(), `crier-${label}-`));
  cpSync('templates', dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** A Mastodon template that loads (its check at load does not take the branch) and breaks for a Sport article: `score` is no variable. */
export const MASTODON_BROKEN_FOR_SPORT = '{{ headline }}\n{% if section == "Sport" %}{{ score.home }}{% endif %}\n{{ url }}\n';
