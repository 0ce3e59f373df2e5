import type { Alert } from './alert.js';

export type AlertTarget = 'slack' | 'discord' | 'generic';

/** Slack and Discord incoming webhooks want their own message shape; anything else gets the alert JSON. */
export function alertTargetOf(webhookUrl: string): AlertTarget {
  const url = new URL(webhookUrl);
  const host = url.hostname.toLowerCase();
  if (host === 'hooks.slack.com') return 'slack';
  if ((host === 'discord.com' || host === 'discordapp.com' || host.endsWith('.discord.com')) && url.pathname.startsWith('/api/webhooks/')) {
    return 'discord';
  }
  return 'generic';
}

const TITLES: Record<Alert['type'], string> = {
  'post.needs_review': 'Post waiting for review',
  'post.failed': 'Post failed',
  'post.partially_published': 'Thread stopped part-way',
  'post.retraction_needed': 'Post needs retracting',
  'account.credentials_failed': 'Account credentials refused',
};

function summary(alert: Alert): string {
  const where = `${alert.platform}/${alert.account}`;
  const what = alert.article ? ` — article ${alert.article}` : '';
  return `${TITLES[alert.type]}: ${where}${what}. ${alert.reason}`;
}

/** Slack mrkdwn and Discord markdown both treat these as markup; a reason is quoted as plain text. */
function plain(text: string): string {
  return text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] ?? c);
}

/** The request body for the webhook: the platform's format where it has one. */
export function alertBody(alert: Alert, target: AlertTarget): Record<string, unknown> {
  if (target === 'slack') {
    return {
      text: plain(summary(alert)),
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `*${TITLES[alert.type]}* — ${plain(`${alert.platform}/${alert.account}`)}\n${plain(alert.reason)}` } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: `<${alert.url}|Open in crier>${alert.article ? ` · article ${plain(alert.article)}` : ''}` }] },
      ],
    };
  }
  if (target === 'discord') {
    return {
      content: summary(alert).slice(0, 2000),
      embeds: [
        {
          title: TITLES[alert.type],
          url: alert.url,
          description: alert.reason.slice(0, 4000),
          fields: [
            { name: 'Account', value: `${alert.platform}/${alert.account}`, inline: true },
            ...(alert.article ? [{ name: 'Article', value: alert.article.slice(0, 1024), inline: true }] : []),
          ],
        },
      ],
      // An alert quoting a headline must not ping @everyone.
      allowed_mentions: { parse: [] },
    };
  }
  return { ...alert };
}
