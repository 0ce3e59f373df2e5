import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError } from '../../../src/domain/errors/index.js';
import { MastodonAdapter } from '../../../src/platforms/mastodon/adapter.js';
import type { MediaFetcher } from '../../../src/platforms/media.js';
import { startFakeMastodon, type FakeMastodon } from '../../fakes/mastodon.js';
import { expectRejects } from '../http/expect-error.js';

const TOKEN = 'mastodon-Verify-Token-55aa';
const noMedia: MediaFetcher = async () => {
  throw new Error('no media in these tests');
};
let fake: FakeMastodon;

function adapter(token = TOKEN): MastodonAdapter {
  return new MastodonAdapter({ account: 'default', credentials: { url: fake.url, accessToken: token, visibility: 'public' }, fetchMedia: noMedia });
}

beforeEach(async () => {
  fake = await startFakeMastodon({ accessToken: TOKEN });
});
afterEach(async () => {
  await fake.close();
});

describe('Mastodon verifyCredentials', () => {
  it('reads verify_credentials and names the account, posting nothing', async () => {
    const check = await adapter().verifyCredentials();
    expect(check.verified).toBe(true);
    expect(check.identity).toMatch(/^@\w+/);
    expect(fake.statuses).toHaveLength(0);
  });

  it('a revoked token is an AuthError without the token in it', async () => {
    const error = await expectRejects(adapter('mastodon-revoked-token-1').verifyCredentials(), AuthError);
    expect(error.message).not.toContain('mastodon-revoked-token-1');
  });
});
