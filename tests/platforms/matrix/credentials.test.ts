import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError, ConfigError } from '../../../src/domain/errors/index.js';
import { MatrixAdapter } from '../../../src/platforms/matrix/adapter.js';
import { startFakeMatrix, type FakeMatrix } from '../../fakes/matrix.js';
import { expectRejects } from '../http/expect-error.js';

const TOKEN = 'syt_verify_SeCrEt_token';
const ROOM = '!newsdesk:matrix.example.org';
const BOT = '@crier:matrix.example.org';
let fake: FakeMatrix;

function adapter(credentials: { accessToken?: string; roomId?: string } = {}): MatrixAdapter {
  return new MatrixAdapter({ account: 'default', credentials: { homeserverUrl: fake.url, accessToken: credentials.accessToken ?? TOKEN, roomId: credentials.roomId ?? ROOM } });
}

beforeEach(async () => {
  fake = await startFakeMatrix({ tokens: { [TOKEN]: BOT }, rooms: { [ROOM]: [BOT], '!other:matrix.example.org': [] } });
});
afterEach(async () => {
  await fake.close();
});

describe('Matrix verifyCredentials', () => {
  it('asks whoami and joined_rooms, posts nothing, and names the user', async () => {
    expect(await adapter().verifyCredentials()).toEqual({ verified: true, identity: BOT });
    expect(fake.server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /_matrix/client/v3/account/whoami', 'GET /_matrix/client/v3/joined_rooms']);
    expect(fake.events).toHaveLength(0);
  });

  it('a room the account has not joined is an AuthError saying so', async () => {
    await expectRejects(adapter({ roomId: '!other:matrix.example.org' }).verifyCredentials(), AuthError, `matrix: ${BOT} has not joined room !other:matrix.example.org; invite it and accept the invite`);
  });

  it('a refused token is an AuthError without the token', async () => {
    const error = await expectRejects(adapter({ accessToken: 'syt_not_it' }).verifyCredentials(), AuthError, 'matrix whoami failed: 401 M_UNKNOWN_TOKEN Unknown access token');
    expect(error.message).not.toContain('syt_not_it');
  });

  it('a room alias instead of a room id is a ConfigError', () => {
    expect(() => adapter({ roomId: '#news:matrix.example.org' })).toThrow(ConfigError);
    expect(() => adapter({ roomId: '#news:matrix.example.org' })).toThrow('matrix adapter: option credentials.roomId must be a room id (!…), not an alias (#…)');
  });
});
