import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError } from '../../../src/domain/errors/index.js';
import { ThreadsAdapter } from '../../../src/platforms/threads/adapter.js';
import { startFakeThreads, type FakeThreads } from '../../fakes/threads.js';
import { expectRejects } from '../http/expect-error.js';

const TOKEN = 'THQWverify-threads-token';
let fake: FakeThreads;

function adapter(token = TOKEN): ThreadsAdapter {
  return new ThreadsAdapter({ account: 'default', credentials: { apiUrl: fake.url, userId: '4242', accessToken: token } });
}

beforeEach(async () => {
  fake = await startFakeThreads({ userId: '4242', token: TOKEN, username: 'newsroom' });
});
afterEach(async () => {
  await fake.close();
});

describe('Threads verifyCredentials', () => {
  it('reads /me and names the account, creating no container', async () => {
    expect(await adapter().verifyCredentials()).toEqual({ verified: true, identity: '@newsroom' });
    expect(fake.server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /v1.0/me?fields=id,username']);
  });

  it('an invalid token (OAuthException 190) is an AuthError without the token', async () => {
    const error = await expectRejects(adapter('THQWexpired-token').verifyCredentials(), AuthError);
    expect(error.message).not.toContain('THQWexpired-token');
  });
});
