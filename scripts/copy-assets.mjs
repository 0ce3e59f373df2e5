// Copies what tsc does not (the dashboard's views and styles, the demo's sample article) from src/
// to dist/, beside the compiled modules that read them relative to their own path.
import { chmodSync, cpSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';

const ASSETS = new Set(['.liquid', '.css', '.json']);

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (ASSETS.has(extname(name))) cpSync(path, join('dist', relative('src', path)));
  }
}

walk('src');

// The bin runs through its own first line (`#!/usr/bin/env -S node …`), so it must be executable,
// as npm makes it for an installed package.
chmodSync(join('dist', 'cli.js'), 0o755);
