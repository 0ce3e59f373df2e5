import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/domain/errors/index.js';
import { BlueskyAdapter, createBlueskyAdapter } from '../../../src/platforms/bluesky/adapter.js';
import type { BlueskyAdapterOptions } from '../../../src/platforms/bluesky/options.js';
import { loopbackFetcher } from '../../fakes/bluesky-fetch.js';

const good: BlueskyAdapterOptions = {
  account: 'default',
  credentials: { identifier: 'newsroom.bsky.social', appPassword: 'abcd-efgh-ijkl-mnop', service: 'https://bsky.social' },
  fetchMedia: loopbackFetcher,
};

function failure(options: unknown): unknown {
  try {
    createBlueskyAdapter(options as BlueskyAdapterOptions);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('BlueskyAdapter options', () => {
  it('accepts good options', () => {
    const adapter = createBlueskyAdapter(good);
    expect(adapter).toBeInstanceOf(BlueskyAdapter);
    expect([adapter.platform, adapter.account]).toEqual(['bluesky', 'default']);
  });

  it('names every bad option and never echoes the app password', () => {
    const secret = 'zz-secret-app-password-zz';
    const error = failure({
      account: '',
      credentials: { identifier: ' ', appPassword: secret, service: `ftp://${secret}@host` },
      fetchMedia: 'nope',
      timeoutMs: -1,
    });
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['account', 'credentials.identifier', 'credentials.service', 'fetchMedia', 'timeoutMs']) {
      expect(message).toContain(name);
    }
    expect(message).not.toContain('credentials.appPassword');
    expect(message).not.toContain(secret);
  });

  it('requires an app password and credentials at all', () => {
    expect((failure({ ...good, credentials: { ...good.credentials, appPassword: '' } }) as Error).message).toContain(
      'credentials.appPassword',
    );
    expect((failure({ ...good, credentials: undefined }) as Error).message).toContain('credentials.service');
  });
});
