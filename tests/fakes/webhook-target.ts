import { Webhook } from 'standardwebhooks';
import { FaultQueue, sendFault, sendJson, startLoopbackServer, type LoopbackServer } from './loopback-server.js';

export interface TargetDelivery {
  webhookId: string;
  timestamp: string;
  body: string;
  /** Whether the signature verified (standardwebhooks' own verify, so the 5-minute tolerance applies). */
  verified: boolean;
}

export interface FakeWebhookTarget {
  url: string;
  server: LoopbackServer;
  /** Every delivery attempt that reached the handler, in order. */
  deliveries: TargetDelivery[];
  /** Distinct webhook-ids accepted: what a receiver that deduplicates would have processed. */
  distinctIds(): string[];
  faults: FaultQueue;
  close(): Promise<void>;
}

/**
 * A receiver that follows the Standard Webhooks spec: verifies the signature (401 when wrong),
 * deduplicates on webhook-id, answers 204.
 */
export async function startFakeWebhookTarget(options: { secret: string; path?: string }): Promise<FakeWebhookTarget> {
  const verifier = new Webhook(options.secret);
  const deliveries: TargetDelivery[] = [];
  const faults = new FaultQueue();
  const server = await startLoopbackServer((req, res) => {
    if (req.method !== 'POST' || req.url !== (options.path ?? '/hooks/crier')) return sendJson(res, 404, { error: 'not found' });
    const header = (name: string): string => String(req.headers[name] ?? '');
    let verified = true;
    try {
      verifier.verify(req.body, { 'webhook-id': header('webhook-id'), 'webhook-timestamp': header('webhook-timestamp'), 'webhook-signature': header('webhook-signature') });
    } catch {
      verified = false;
    }
    const fault = faults.take(req);
    if (fault?.kind === 'respond') return sendFault(res, fault);
    deliveries.push({ webhookId: header('webhook-id'), timestamp: header('webhook-timestamp'), body: req.body, verified });
    if (!verified) return sendJson(res, 401, { error: 'bad signature' });
    if (fault?.kind === 'accept-then-hang') return;
    res.writeHead(204).end();
  });
  return {
    url: `${server.url}${options.path ?? '/hooks/crier'}`,
    server,
    deliveries,
    distinctIds: () => [...new Set(deliveries.filter((d) => d.verified).map((d) => d.webhookId))],
    faults,
    close: () => server.close(),
  };
}
