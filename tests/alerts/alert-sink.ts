import type { Alert } from '../../src/alerts/alert.js';
import { startLoopbackServer, type LoopbackServer } from '../fakes/loopback-server.js';

export interface AlertSink {
  url: string;
  server: LoopbackServer;
  /** Alerts taken (2xx answered), in arrival order. */
  received: Alert[];
  /** The next `times` POSTs answer 500 (the receiver having a bad minute). */
  failNext(times: number): void;
  close(): Promise<void>;
}

/** A loopback ALERT_WEBHOOK_URL that records what it takes. */
export async function startAlertSink(): Promise<AlertSink> {
  const received: Alert[] = [];
  let failures = 0;
  const server = await startLoopbackServer((req, res) => {
    if (req.method !== 'POST') return void res.writeHead(405).end();
    if (failures > 0) {
      failures -= 1;
      return void res.writeHead(500).end('down');
    }
    received.push(JSON.parse(req.body) as Alert);
    res.writeHead(204).end();
  });
  return {
    url: `${server.url}/hooks/crier`,
    server,
    received,
    failNext: (times) => {
      failures = times;
    },
    close: () => server.close(),
  };
}
