import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configFrom, SETTING_NAMES } from '../src/config.js';
import { configError } from './helpers/config-error.js';


describe('configFrom', () => {
  it('has working defaults and no accounts when nothing is set', () => {
    const config = configFrom({});
    expect(config).toMatchObject({ redisUrl: 'redis://127.0.0.1:6379', port: 3000, templatesDir: './templates', accounts: [] });
    expect(config.thread).toEqual({ maxParts: 6, numbering: true, mode: 'template' });
    expect(config.altTextPolicy).toBe('post');
  });

  it('enables a platform when its credentials are set, with its base URL', () => {
    const config = configFrom({ MASTODON_URL: 'https://social.example', MASTODON_ACCESS_TOKEN: 't0ken', MASTODON_VISIBILITY: 'unlisted' });
    expect(config.accounts).toEqual([
      { platform: 'mastodon', name: 'default', credentials: { url: 'https://social.example', accessToken: 't0ken', visibility: 'unlisted' } },
    ]);
  });

  it('refuses a half-configured platform, naming what is missing and never a value', () => {
    const message = configError({ X_API_KEY: 'key-value-123', X_API_SECRET: 'secret-value-456' });
    expect(message).toMatch(/X_ACCESS_TOKEN, X_ACCESS_SECRET/);
    expect(message).not.toMatch(/key-value-123|secret-value-456/);
  });

  it('names each bad setting', () => {
    const message = configError({ PORT: 'eighty', WEBHOOK_SECRET: 'plain', X_API_URL: 'ftp://x', REVIEW_PLATFORMS: 'x' });
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/WEBHOOK_SECRET/);
    expect(message).toMatch(/X_API_URL/);
    expect(configError({ REVIEW_PLATFORMS: 'x,twitter' })).toMatch(/REVIEW_PLATFORMS: unknown platform twitter/);
  });

  it('takes NEWSROOM_TIMEZONE as set when it is a time zone, UTC when unset, and refuses anything else', () => {
    expect(configFrom({}).dashboard.timeZone).toBe('UTC');
    expect(configFrom({ NEWSROOM_TIMEZONE: 'Asia/Karachi' }).dashboard.timeZone).toBe('Asia/Karachi');
    expect(configError({ NEWSROOM_TIMEZONE: 'Mars/Olympus_Mons' })).toMatch(/NEWSROOM_TIMEZONE: NEWSROOM_TIMEZONE must be an IANA time zone/);
  });

  it('parses review rules', () => {
    expect(configFrom({ REVIEW_PLATFORMS: '*' }).review.platforms).toBe('all');
    expect(configFrom({ REVIEW_PLATFORMS: 'x, linkedin', REVIEW_SECTIONS: 'Opinion' }).review).toEqual({ platforms: ['x', 'linkedin'], sections: ['opinion'] });
  });

  it('reads .env.example as it ships: empty values are unset, the rest are valid defaults', () => {
    const env = Object.fromEntries(
      readFileSync('.env.example', 'utf8')
        .split('\n')
        .map((line) => /^([A-Z0-9_]+)=(.*)$/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1]!, m[2]!]),
    );
    const config = configFrom(env);
    expect(config.accounts).toEqual([]);
    expect(config.webhookSecret).toBeUndefined();
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(configFrom({ ...env, MASTODON_URL: '  ', MASTODON_ACCESS_TOKEN: '' }).accounts).toEqual([]);
  });

  it('documents every setting in .env.example', () => {
    const documented = new Set(
      readFileSync('.env.example', 'utf8')
        .split('\n')
        .map((line) => /^([A-Z0-9_]+)=/.exec(line)?.[1])
        .filter((name): name is string => name !== undefined),
    );
    expect(SETTING_NAMES.filter((name) => !documented.has(name))).toEqual([]);
    expect([...documented].filter((name) => !SETTING_NAMES.includes(name))).toEqual([]);
  });
});
