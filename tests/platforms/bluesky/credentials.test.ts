import { describe, expect, it } from 'vitest';
import { AuthError } from '../../../src/domain/errors/index.js';
import { adapterFor, newAccount, useBlueskyEnv } from './setup.js';
import { expectRejects } from '../http/expect-error.js';

const env = useBlueskyEnv();

describe('Bluesky verifyCredentials', () => {
  it('logs in once and names the account by DID', async () => {
    const account = await newAccount(env, 'verify');
    const adapter = adapterFor(env, account);
    expect(await adapter.verifyCredentials()).toEqual({ verified: true, identity: account.did });
    await adapter.close();
  });

  it('a wrong app password is an AuthError that does not quote it', async () => {
    const account = await newAccount(env, 'verifybad');
    const adapter = adapterFor(env, { ...account, appPassword: 'aaaa-bbbb-cccc-dddd' });
    const error = await expectRejects(adapter.verifyCredentials(), AuthError);
    expect(error.message).not.toContain('aaaa-bbbb-cccc-dddd');
    await adapter.close();
  });
});
