import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackAdapter } from '../../../src/platforms/slack/adapter.js';
import { startFakeSlack, type FakeSlack } from '../../fakes/slack.js';

let fake: FakeSlack;

beforeEach(async () => {
  fake = await startFakeSlack({ secret: 'slack-verify-secret' });
});
afterEach(async () => {
  await fake.close();
});

describe('Slack verifyCredentials', () => {
  it('says it cannot check an incoming webhook, and sends nothing to find out', async () => {
    const check = await new SlackAdapter({ account: 'default', credentials: { webhookUrl: fake.webhookUrl } }).verifyCredentials();
    expect(check.verified).toBe(false);
    expect(check.note).toMatch(/cannot be checked without posting/);
    expect(fake.server.requests).toHaveLength(0);
  });
});
