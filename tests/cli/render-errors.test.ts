import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, runCrier } from './spawn-with-stdin.js';

const FIXTURE = 'tests/fixtures/beijing-islamabad.json';
const RENDER_ENV = { TEMPLATES_DIR: 'templates', LOG_LEVEL: 'silent' };

describe('crier render with input it cannot use', () => {
  let tmp: string;

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'crier-cli-errors-'));
  });

  afterAll(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  it('a file that does not exist: exit 2, naming the file', async () => {
    const missing = join(tmp, 'no-such-article.json');
    const run = await runCrier(['render', missing, '--json'], RENDER_ENV);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(missing);
    expect(run.stderr).toMatch(/no such file/);
    expect(hasStackTrace(run.output)).toBe(false);
  });

  it('malformed JSON: exit 2, naming (root) and the position of the fault', async () => {
    const file = join(tmp, 'malformed.json');
    // Line 2, column 9 is the "}" where a value should be.
    writeFileSync(file, '{"id": "a",\n "url": }\n');
    const run = await runCrier(['render', file, '--json'], RENDER_ENV);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('(root)');
    expect(run.stderr).toMatch(/line 2, column 9/);
    expect(hasStackTrace(run.output)).toBe(false);
  });

  it('an event missing headline and with url "ftp://x": exit 2, listing both fields', async () => {
    const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, unknown>;
    const event: Record<string, unknown> = { ...fixture, url: 'ftp://x' };
    delete event.headline;
    const file = join(tmp, 'invalid-event.json');
    writeFileSync(file, JSON.stringify(event));
    const run = await runCrier(['render', file, '--json'], RENDER_ENV);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const fieldLines = run.stderr.split('\n').filter((l) => /^\s+\S+: /.test(l));
    expect(fieldLines.some((l) => l.trim().startsWith('headline:'))).toBe(true);
    expect(fieldLines.some((l) => l.trim().startsWith('url:'))).toBe(true);
    // The other fields of the fixture are valid and are not blamed.
    expect(fieldLines).toHaveLength(2);
    expect(hasStackTrace(run.output)).toBe(false);
  });

  it('the same invalid event on standard input: exit 2, both fields named', async () => {
    const run = await runCrier(['render', '-'], RENDER_ENV, JSON.stringify({ id: 'a', url: 'ftp://x' }));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^\s+headline: /m);
    expect(run.stderr).toMatch(/^\s+url: /m);
    expect(hasStackTrace(run.output)).toBe(false);
  });
});

describe('crier render with a broken template', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'crier-cli-templates-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('default.liquid with {{ headlin }} on line 2: exit 2, naming the file and :2', async () => {
    writeFileSync(join(dir, 'default.liquid'), '{{ url }}\n{{ headlin }}\n');
    const run = await runCrier(['render', FIXTURE, '--json'], { ...RENDER_ENV, TEMPLATES_DIR: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${join(dir, 'default.liquid')}:2`);
    expect(run.stderr).toContain('headlin');
    expect(hasStackTrace(run.output)).toBe(false);
  });

  it('the shipped templates with only default.liquid broken still fail, naming that file', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'crier-cli-templates-copy-'));
    try {
      cpSync('templates', copy, { recursive: true });
      const original = readFileSync(join(copy, 'default.liquid'), 'utf8').split('\n');
      original.splice(1, 0, '{{ headlin }}');
      writeFileSync(join(copy, 'default.liquid'), original.join('\n'));
      const run = await runCrier(['render', FIXTURE], { ...RENDER_ENV, TEMPLATES_DIR: copy });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${join(copy, 'default.liquid')}:2`);
      expect(hasStackTrace(run.output)).toBe(false);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
