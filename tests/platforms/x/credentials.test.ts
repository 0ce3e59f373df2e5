import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError, TransientError } from '../../../src/domain/errors/index.js';
import type { MediaFetcher } from '../../../src/platforms/media.js';
import { XAdapter } from '../../../src/platforms/x/adapter.js';
import { startFakeX, type FakeX } from '../../fakes/x-api.js';
import { expectRejects } from '../http/expect-error.js';

const credentials = { apiKey: 'ck-key-1', apiSecret: 'cs-secret-value-1', accessToken: 'at-token-1', accessSecret: 'as-secret-value-1' };
const noMedia: MediaFetcher = async () => {
  throw new Error('no media in these tests');
};
let fake: FakeX;

function adapter(overrides: Partial<typeof credentials> = {}, apiUrl = fake.url): XAdapter {
  return new XAdapter({ account: 'default', credentials: { ...credentials, ...overrides, apiUrl }, fetchMedia: noMedia, timeoutMs: 2000 });
}

beforeEach(async () => {
  fake = await startFakeX({ credentials });
});
afterEach(async () => {
  await fake.close();
});

describe('X verifyCredentials', () => {
  it('reads GET /2/users/me and names the account', async () => {
    const check = await adapter().verifyCredentials();
    expect(check).toEqual({ verified: true, identity: `@${fake.user.username}` });
    expect(fake.requests.filter((r) => r.path === '/2/users/me')).toHaveLength(1);
    expect(fake.tweets).toHaveLength(0);
  });

  it('a wrong access secret is an AuthError that quotes no secret', async () => {
    const error = await expectRejects(adapter({ accessSecret: 'as-wrong-secret-9' }).verifyCredentials(), AuthError);
    expect(error.message).not.toContain('as-wrong-secret-9');
    expect(error.message).not.toContain(credentials.apiSecret);
  });

  it('an API that cannot be reached is not a refusal', async () => {
    await expectRejects(adapter({}, 'http://127.0.0.1:9').verifyCredentials(), TransientError);
  });
});
