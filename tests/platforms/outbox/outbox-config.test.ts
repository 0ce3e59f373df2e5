import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configFrom } from '../../../src/config.js';
import { PLATFORM_IDS } from '../../../src/domain/platform.js';
import { OutboxAdapter } from '../../../src/platforms/outbox/adapter.js';
import { createAdapterProvider } from '../../../src/platforms/registry.js';
import { XAdapter } from '../../../src/platforms/x/adapter.js';
import { configError } from '../../helpers/config-error.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function accountsFile(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'crier-outbox-accounts-'));
  dirs.push(dir);
  const path = join(dir, 'accounts.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}

const X_ENV = { X_API_KEY: 'k-value-1', X_API_SECRET: 's-value-2', X_ACCESS_TOKEN: 't-value-3', X_ACCESS_SECRET: 'a-value-4' };

describe('DELIVERY_MODE and OUTBOX_DIR', () => {
  it('is live with ./outbox by default, and refuses other modes by name', () => {
    expect(configFrom({})).toMatchObject({ deliveryMode: 'live', outboxDir: './outbox', accounts: [] });
    expect(configError({ DELIVERY_MODE: 'staging' })).toMatch(/DELIVERY_MODE: DELIVERY_MODE must be live or outbox/);
  });

  it('in outbox mode with nothing configured, delivers one default account per platform to the outbox', () => {
    const config = configFrom({ DELIVERY_MODE: 'outbox', OUTBOX_DIR: '/var/lib/crier/outbox' });
    expect(config.outboxDir).toBe('/var/lib/crier/outbox');
    expect(config.accounts).toEqual(PLATFORM_IDS.map((platform) => ({ platform, name: 'default', delivery: 'outbox' })));
  });

  it('in outbox mode keeps the configured accounts and their routing, without their credentials', () => {
    const file = accountsFile({
      accounts: [{ platform: 'x', name: 'politics', credentials: { apiKey: '$XP', apiSecret: 'b', accessToken: 'c', accessSecret: 'd' }, sections: ['Politics'], review: true }],
    });
    const config = configFrom({ ...X_ENV, XP: 'file-secret-5', ACCOUNTS_FILE: file, DELIVERY_MODE: 'outbox' });
    expect(config.accounts.map((a) => ({ ...a }))).toEqual([
      { platform: 'x', name: 'default', delivery: 'outbox' },
      { platform: 'x', name: 'politics', delivery: 'outbox', sections: ['politics'], review: true },
    ]);
    expect(JSON.stringify(config.accounts)).not.toMatch(/value-|file-secret/);
    // Checked as for live, so the same settings can go live: a half-configured platform is still an error.
    expect(configError({ X_API_KEY: 'k', DELIVERY_MODE: 'outbox' })).toMatch(/x is partly configured/);
  });

  it('takes "delivery": "outbox" in the accounts file for one account beside live ones, with no credentials needed', async () => {
    const file = accountsFile({
      accounts: [
        { platform: 'x', name: 'archive', delivery: 'outbox' },
        { platform: 'bluesky', name: 'sport', delivery: 'outbox', credentials: { identifier: '$NOT_SET_YET', appPassword: '$NOR_THIS' }, tags: ['Football'] },
      ],
    });
    const config = configFrom({ ...X_ENV, ACCOUNTS_FILE: file, X_API_URL: 'http://127.0.0.1:9' });
    expect(config.deliveryMode).toBe('live');
    expect(config.accounts.map((a) => `${a.platform}/${a.name}/${a.delivery ?? 'live'}`)).toEqual(['x/default/live', 'x/archive/outbox', 'bluesky/sport/outbox']);

    const adapters = createAdapterProvider(config);
    expect(await adapters.get('x', 'default')).toBeInstanceOf(XAdapter);
    expect(await adapters.get('x', 'archive')).toBeInstanceOf(OutboxAdapter);
    expect(await adapters.get('bluesky', 'sport')).toMatchObject({ platform: 'bluesky', account: 'sport' });
    expect(await adapters.get('bluesky', 'sport')).toBeInstanceOf(OutboxAdapter);
    await adapters.close();
  });

  it('still names what a live account in the file lacks, and refuses a delivery it does not know', () => {
    expect(configError({ ACCOUNTS_FILE: accountsFile({ accounts: [{ platform: 'x', name: 'politics' }] }) })).toMatch(
      /accounts\[0\] \(x\/politics\) needs credentials apiKey, apiSecret, accessToken, accessSecret/,
    );
    expect(configError({ ACCOUNTS_FILE: accountsFile({ accounts: [{ platform: 'x', name: 'a', delivery: 'dry-run' }] }) })).toMatch(
      /accounts\.0\.delivery: must be live or outbox/,
    );
  });
});
