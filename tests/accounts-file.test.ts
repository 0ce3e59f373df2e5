import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configFrom } from '../src/config.js';
import { configError } from './helpers/config-error.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function accountsFile(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'crier-accounts-'));
  dirs.push(dir);
  const path = join(dir, 'accounts.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const politicsX = {
  platform: 'x',
  name: 'politics',
  credentials: { apiKey: '$XP_KEY', apiSecret: '${XP_SECRET}', accessToken: '$XP_TOKEN', accessSecret: '$XP_ACCESS' },
  sections: ['Politics'],
  tags: ['Elections 2025'],
  review: true,
  holdSeconds: 300,
};
const secrets = { XP_KEY: 'k-value', XP_SECRET: 's-value', XP_TOKEN: 't-value', XP_ACCESS: 'a-value' };


describe('ACCOUNTS_FILE', () => {
  it('adds accounts with credentials from the environment, routing and review settings', () => {
    const config = configFrom({ ACCOUNTS_FILE: accountsFile({ accounts: [politicsX] }), ...secrets, X_API_URL: 'https://x.example' });
    expect(config.accounts).toEqual([
      {
        platform: 'x',
        name: 'politics',
        credentials: { apiKey: 'k-value', apiSecret: 's-value', accessToken: 't-value', accessSecret: 'a-value', apiUrl: 'https://x.example' },
        sections: ['politics'],
        tags: ['elections 2025'],
        review: true,
        holdSeconds: 300,
      },
    ]);
  });

  it('sits beside the accounts from the environment, and refuses the same account twice', () => {
    const env = { X_API_KEY: 'a', X_API_SECRET: 'b', X_ACCESS_TOKEN: 'c', X_ACCESS_SECRET: 'd', ...secrets };
    const both = configFrom({ ...env, ACCOUNTS_FILE: accountsFile({ accounts: [politicsX] }) });
    expect(both.accounts.map((a) => `${a.platform}/${a.name}`)).toEqual(['x/default', 'x/politics']);
    expect(configError({ ...env, ACCOUNTS_FILE: accountsFile({ accounts: [{ ...politicsX, name: 'default' }] }) })).toMatch(/x\/default is defined twice/);
  });

  it('names a variable that is not set, and never a secret', () => {
    const message = configError({ ACCOUNTS_FILE: accountsFile({ accounts: [politicsX] }), XP_KEY: 'k-value' });
    expect(message).toMatch(/accounts\[0\]\.credentials\.apiSecret refers to XP_SECRET, which is not set/);
    expect(message).not.toContain('k-value');
  });

  it('names missing credentials, bad URLs, unknown platforms and a broken file', () => {
    expect(configError({ ACCOUNTS_FILE: accountsFile({ accounts: [{ platform: 'mastodon', name: 'm', credentials: { accessToken: 'x' } }] }) })).toMatch(
      /mastodon\/m\) needs credentials url/,
    );
    expect(
      configError({ ACCOUNTS_FILE: accountsFile({ accounts: [{ platform: 'discord', name: 'd', credentials: { webhookUrl: 'ftp://x' } }] }) }),
    ).toMatch(/accounts\[0\]\.credentials\.webhookUrl must be an absolute http\(s\) URL/);
    expect(configError({ ACCOUNTS_FILE: accountsFile({ accounts: [{ platform: 'myspace', name: 'm', credentials: {} }] }) })).toMatch(
      /accounts\.0\.platform: must be one of x, bluesky/,
    );
    expect(configError({ ACCOUNTS_FILE: accountsFile('{ "accounts": [') })).toMatch(/ACCOUNTS_FILE .*accounts\.json: /);
    expect(configError({ ACCOUNTS_FILE: '/nonexistent/accounts.json' })).toMatch(/no such file/);
  });
});
