import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGLISH_LABELS } from '../../src/compose/messages/messages.js';
import { loadTemplates } from '../../src/compose/templates/template-set.js';
import { TemplateError } from '../../src/domain/errors/index.js';

const dirs: string[] = [];
function templatesDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'crier-templates-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function loadError(files: Record<string, string>): TemplateError {
  try {
    loadTemplates(templatesDir(files));
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('expected loadTemplates to throw');
}

describe('loadTemplates', () => {
  it('loads the repository templates', () => {
    const set = loadTemplates('templates');
    expect(set.files.length).toBeGreaterThanOrEqual(9);
  });

  it('names the file and line of a misspelt variable, at load time', () => {
    const error = loadError({ 'default.liquid': '{{ headline }}\n\n{{ headlin }}\n' });
    expect(error.file).toMatch(/default\.liquid$/);
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/default\.liquid:3: .*headlin/);
  });

  it('names the file and line of an unknown filter and of an unclosed tag', () => {
    const filter = loadError({ 'default.liquid': 'ok\n{{ headline | shout }}' });
    expect(filter.line).toBe(2);
    expect(filter.message).toMatch(/shout/);
    const unclosed = loadError({ 'default.liquid': '{{ headline }}\n{% if breaking %}\nBREAKING\n' });
    expect(unclosed.line).toBe(2);
  });

  it('rejects a file name it would never select, and a platform with no template', () => {
    expect(loadError({ 'default.liquid': 'x', 'twitter.liquid': 'x' }).message).toMatch(/unknown template name/);
    expect(loadError({ 'x.liquid': '{{ headline }}' }).message).toMatch(/no template for bluesky/);
  });

  it('rejects a template that renders nothing', () => {
    expect(loadError({ 'default.liquid': '{% if false %}x{% endif %}' }).message).toMatch(/empty/);
  });

  it('selects breaking over section over plain, and a platform file over default', () => {
    const set = loadTemplates(
      templatesDir({
        'default.liquid': 'D',
        'default.breaking.liquid': 'DB',
        'x.liquid': 'X',
        'x.section.south-asia.liquid': 'XS',
        'x.breaking.liquid': 'XB',
      }),
    );
    const name = (platform: 'x' | 'bluesky', priority: 'normal' | 'breaking', section?: string) =>
      set.select(platform, { priority, section }).file.split('/').pop();
    expect(name('x', 'normal')).toBe('x.liquid');
    expect(name('x', 'normal', 'South Asia')).toBe('x.section.south-asia.liquid');
    expect(name('x', 'breaking', 'South Asia')).toBe('x.breaking.liquid');
    expect(name('bluesky', 'normal', 'South Asia')).toBe('default.liquid');
    expect(name('bluesky', 'breaking')).toBe('default.breaking.liquid');
  });

  it('renders partials and the custom filters', () => {
    const set = loadTemplates(
      templatesDir({
        '_sign.liquid': '— {{ authors | join_names }}',
        'default.liquid': "{{ 'Wang Yi' | hashtag }} {{ summary | first_sentences: 1 }} {% render '_sign', authors: authors %}",
      }),
    );
    const out = set.select('x', { priority: 'normal' }).render({
      headline: 'H', summary: 'One. Two.', key_points: [], url: 'https://e.com', hashtags: '', tags: [],
      section: '', section_slug: '', authors: ['A', 'B', 'C'], byline: '', language: '', published_at: '',
      priority: 'normal', breaking: false, platform: 'x', account: 'default', has_image: false,
      image: { url: '', alt: '' }, labels: ENGLISH_LABELS, correction: '',
    });
    expect(out).toBe('#WangYi One. — A, B and C');
  });
});
