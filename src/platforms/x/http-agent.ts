import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

/**
 * twitter-api-v2 sends through `https.request`, which only accepts an http: URL (a local proxy,
 * a loopback fake) when given an agent of that protocol. One keep-alive agent per adapter also
 * lets `close()` release its sockets.
 */
export function agentFor(apiUrl: string): HttpAgent | HttpsAgent {
  return new URL(apiUrl).protocol === 'http:' ? new HttpAgent({ keepAlive: true }) : new HttpsAgent({ keepAlive: true });
}
