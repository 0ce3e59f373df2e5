// Copies what the bundle does not hold, the dashboard's views and styles, from src/dashboard/ to
// dist/dashboard/, where the bundled dashboard looks for them (src/dashboard/dashboard-plugin.ts).
import { chmodSync, cpSync } from 'node:fs';
import { join } from 'node:path';

for (const dir of ['views', 'public']) cpSync(join('src', 'dashboard', dir), join('dist', 'dashboard', dir), { recursive: true });

// The bin runs through its own first line (`#!/usr/bin/env -S node …`), so it must be executable,
// as npm makes it for an installed package.
chmodSync(join('dist', 'cli.js'), 0o755);
