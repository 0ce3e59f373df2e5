import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError } from '../../../src/domain/errors/index.js';
import { LinkedInAdapter } from '../../../src/platforms/linkedin/adapter.js';
import { startFakeLinkedIn, type FakeLinkedIn } from '../../fakes/linkedin.js';
import { expectRejects } from '../http/expect-error.js';

const TOKEN = 'AQVverify-linkedin-token';
let fake: FakeLinkedIn;

function adapter(token = TOKEN): LinkedInAdapter {
  return new LinkedInAdapter({ account: 'default', credentials: { apiUrl: fake.url, accessToken: token, author: 'urn:li:organization:2414183' } });
}

beforeEach(async () => {
  fake = await startFakeLinkedIn({ token: TOKEN });
});
afterEach(async () => {
  await fake.close();
});

describe('LinkedIn verifyCredentials', () => {
  it('reads /v2/userinfo and names the member, posting nothing', async () => {
    expect(await adapter().verifyCredentials()).toEqual({ verified: true, identity: 'Newsroom Social' });
    expect(fake.posts).toHaveLength(0);
  });

  it('an expired token (401) is an AuthError without the token', async () => {
    const error = await expectRejects(adapter('AQVexpired-token').verifyCredentials(), AuthError);
    expect(error.message).not.toContain('AQVexpired-token');
  });

  it('a token without the openid scope (403) is unchecked, not refused', async () => {
    fake.faults.add({ kind: 'respond', status: 403, body: { status: 403, message: 'Not enough permissions' } }, (r) => r.url === '/v2/userinfo');
    const check = await adapter().verifyCredentials();
    expect(check.verified).toBe(false);
    expect(check.note).toMatch(/openid/);
  });
});
