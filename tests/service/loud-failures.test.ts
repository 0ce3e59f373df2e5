import { describe, expect, it } from 'vitest';
import { AuthError, ContentRejectedError } from '../../src/domain/errors/index.js';
import type { AlertNotifier } from '../../src/alerts/alerts.js';
import { CrierMetrics } from '../../src/metrics/metrics.js';
import { reportStopped } from '../../src/pipeline/delivery-reports.js';
import type { PostRecord } from '../../src/posts/post.js';
import { levelOf } from '../../src/service/log-levels.js';

const post: PostRecord = {
  id: 'p_0123456789abcdef01234567',
  articleId: 'a-1',
  revision: '1',
  platform: 'x',
  account: 'default',
  state: 'failed',
  version: 4,
  draft: { platform: 'x', account: 'default', articleId: 'a-1', parts: [], media: [], link: { url: 'https://n.test/a', title: 't', description: 'd' } },
  priority: 'normal',
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
  delivered: [],
  attempts: 8,
};

/** Records what reportStopped says, the way run-service routes it: event → level. */
function recorder() {
  const lines: { level: string; event: string; fields: Record<string, unknown> }[] = [];
  const alerts: { type: string; reason: string }[] = [];
  const notifier: AlertNotifier = {
    notify: async (type, _post, reason) => void alerts.push({ type, reason }),
    notifyAccount: async (_platform, _account, reason) => void alerts.push({ type: 'account.credentials_failed', reason }),
  };
  const deps = {
    alerts: notifier,
    metrics: new CrierMetrics(),
    log: (event: string, fields: Record<string, unknown>) => lines.push({ level: levelOf(event), event, fields }),
  };
  return { lines, alerts, deps };
}

describe('terminal outcomes are loud', () => {
  it('a failed post is a warn line with post, platform, account and reason, an alert and a count', async () => {
    const { lines, alerts, deps } = recorder();
    await reportStopped(post, new ContentRejectedError('X refused the text'), 'permanent error', deps);
    expect(lines).toEqual([
      {
        level: 'warn',
        event: 'post-failed',
        fields: expect.objectContaining({ postId: post.id, platform: 'x', account: 'default', reason: 'permanent error', error: 'X refused the text' }),
      },
    ]);
    expect(alerts).toEqual([{ type: 'post.failed', reason: 'permanent error: X refused the text' }]);
    expect(await deps.metrics.text()).toContain('crier_deliveries_total{platform="x",outcome="failed"} 1');
  });

  it('refused credentials are an error line and an account alert besides the post alert', async () => {
    const { lines, alerts, deps } = recorder();
    await reportStopped({ ...post, state: 'partially_published' }, new AuthError('X refused the credentials (401)'), 'permanent error', deps);
    expect(lines.map((l) => `${l.level} ${l.event}`)).toEqual(['error credentials-refused', 'warn post-partially-published']);
    expect(alerts.map((a) => a.type)).toEqual(['post.partially_published', 'account.credentials_failed']);
  });

  it('routine events stay at info', () => {
    expect(levelOf('published')).toBe('info');
    expect(levelOf('delivery-error')).toBe('info');
  });
});
