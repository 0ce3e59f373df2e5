import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError } from '../../../src/domain/errors/index.js';
import { DiscordAdapter } from '../../../src/platforms/discord/adapter.js';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord.js';
import { expectRejects } from '../http/expect-error.js';

const WEBHOOK_TOKEN = 'discord-verify-webhook-token';
let fake: FakeDiscord;

function adapter(webhookUrl = fake.webhookUrl): DiscordAdapter {
  return new DiscordAdapter({ account: 'default', credentials: { webhookUrl } });
}

beforeEach(async () => {
  fake = await startFakeDiscord({ id: '1200', token: WEBHOOK_TOKEN });
});
afterEach(async () => {
  await fake.close();
});

describe('Discord verifyCredentials', () => {
  it('GETs the webhook (which posts nothing) and names it', async () => {
    expect(await adapter().verifyCredentials()).toEqual({ verified: true, identity: 'crier alerts' });
    expect(fake.server.requests.map((r) => r.method)).toEqual(['GET']);
    expect(fake.sent).toHaveLength(0);
  });

  it('a wrong webhook token (401) or a deleted webhook (404) is an AuthError that does not quote the URL', async () => {
    const wrong = fake.webhookUrl.replace(WEBHOOK_TOKEN, 'not-the-token');
    const error = await expectRejects(adapter(wrong).verifyCredentials(), AuthError);
    expect(error.message).not.toContain('not-the-token');
    await expectRejects(adapter(fake.webhookUrl.replace('/1200/', '/999/')).verifyCredentials(), AuthError);
  });
});
