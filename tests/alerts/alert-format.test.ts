import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alerts/alert.js';
import { alertBody, alertTargetOf } from '../../src/alerts/alert-format.js';

const alert: Alert = {
  type: 'post.failed',
  post: 'p_0123456789abcdef01234567',
  article: 'sad-2025-08-25-beijing-islamabad',
  platform: 'x',
  account: 'politics',
  reason: 'permanent error: X refused <the> post & said "no" @everyone',
  url: 'https://crier.newsroom.test/v1/posts/p_0123456789abcdef01234567',
};

describe('alert formats', () => {
  it('recognises Slack and Discord incoming webhooks, and nothing else', () => {
    expect(alertTargetOf('https://hooks.slack.com/services/T0/B0/secret')).toBe('slack');
    expect(alertTargetOf('https://discord.com/api/webhooks/1/token')).toBe('discord');
    expect(alertTargetOf('https://discordapp.com/api/webhooks/1/token')).toBe('discord');
    expect(alertTargetOf('https://discord.com/channels/1/2')).toBe('generic');
    expect(alertTargetOf('https://hooks.slack.com.evil.test/services/x')).toBe('generic');
    expect(alertTargetOf('https://alerts.newsroom.test/crier')).toBe('generic');
  });

  it('a generic receiver gets the alert JSON as it is', () => {
    expect(alertBody(alert, 'generic')).toEqual(alert);
  });

  it('Slack gets text and blocks with the link, with mrkdwn control characters escaped', () => {
    const body = alertBody(alert, 'slack') as { text: string; blocks: { type: string; text?: { text: string }; elements?: { text: string }[] }[] };
    expect(body.text).toBe('Post failed: x/politics — article sad-2025-08-25-beijing-islamabad. permanent error: X refused &lt;the&gt; post &amp; said "no" @everyone');
    expect(body.blocks[0]?.text?.text).toContain('*Post failed* — x/politics');
    expect(body.blocks[1]?.elements?.[0]?.text).toBe(`<${alert.url}|Open in crier> · article sad-2025-08-25-beijing-islamabad`);
  });

  it('Discord gets content and an embed linking the post, and pings nobody', () => {
    const body = alertBody(alert, 'discord') as { content: string; embeds: { title: string; url: string; fields: { name: string; value: string }[] }[]; allowed_mentions: unknown };
    expect(body.content).toContain('Post failed: x/politics');
    expect(body.embeds[0]).toMatchObject({ title: 'Post failed', url: alert.url });
    expect(body.embeds[0]?.fields).toEqual([
      { name: 'Account', value: 'x/politics', inline: true },
      { name: 'Article', value: 'sad-2025-08-25-beijing-islamabad', inline: true },
    ]);
    expect(body.allowed_mentions).toEqual({ parse: [] });
  });

  it('an account alert has no article field', () => {
    const account: Alert = { ...alert, type: 'account.credentials_failed', post: null, article: null };
    const body = alertBody(account, 'discord') as { embeds: { fields: unknown[] }[] };
    expect(body.embeds[0]?.fields).toHaveLength(1);
  });
});
