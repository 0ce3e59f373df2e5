import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A minimal Bluesky XRPC server for benchmarks: the calls crier's adapter makes (createSession,
 * putRecord, uploadBlob, resolveHandle), answered at once from memory with atproto's documented
 * shapes. Tests of the adapter itself run against a real PDS (bluesky-pds.ts); this exists so
 * throughput is measured against a zero-latency peer, like the other platforms' fakes.
 */

// A well-formed CIDv1 (dag-cbor); the client checks the format, not the content.
const CID = 'bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm';

export interface FakeBlueskyRecord {
  rkey: string;
  record: { text?: string; createdAt?: string; reply?: { parent?: { uri?: string } } };
  receivedAt: number;
}

export interface FakeBluesky {
  url: string;
  did: string;
  records: Map<string, FakeBlueskyRecord>;
  logins: number;
  /** Requests answered, by path. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

function jwt(did: string, scope: string): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: 'HS256', typ: 'at+jwt' })}.${part({ scope, sub: did, iat: now, exp: now + 7200 })}.${Buffer.from('sig').toString('base64url')}`;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startFakeBluesky(options: { handle: string; password: string }): Promise<FakeBluesky> {
  const did = 'did:plc:benchnewsroom000000000000';
  const records = new Map<string, FakeBlueskyRecord>();
  const state = { logins: 0 };
  const hits = new Map<string, number>();
  const session = () => ({ did, handle: options.handle, accessJwt: jwt(did, 'com.atproto.appPass'), refreshJwt: jwt(did, 'com.atproto.refresh'), active: true });

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
      const body = await readBody(req);
      const json = (): Record<string, unknown> => (body.length > 0 ? (JSON.parse(body.toString()) as Record<string, unknown>) : {});
      switch (url.pathname) {
        case '/xrpc/com.atproto.server.createSession': {
          const input = json();
          if (input.identifier !== options.handle || input.password !== options.password) {
            return send(res, 401, { error: 'AuthenticationRequired', message: 'Invalid identifier or password' });
          }
          state.logins++;
          return send(res, 200, session());
        }
        case '/xrpc/com.atproto.server.refreshSession':
          return send(res, 200, session());
        case '/xrpc/com.atproto.server.getSession':
          return send(res, 200, { did, handle: options.handle, active: true });
        case '/xrpc/com.atproto.identity.resolveHandle':
          return send(res, 400, { error: 'InvalidRequest', message: 'Unable to resolve handle' });
        case '/xrpc/com.atproto.repo.uploadBlob':
          return send(res, 200, { blob: { $type: 'blob', ref: { $link: CID }, mimeType: req.headers['content-type'] ?? 'image/jpeg', size: body.length } });
        case '/xrpc/com.atproto.repo.putRecord': {
          const input = json() as { rkey: string; collection: string; record: FakeBlueskyRecord['record'] };
          if (!records.has(input.rkey)) records.set(input.rkey, { rkey: input.rkey, record: input.record, receivedAt: Date.now() });
          return send(res, 200, { uri: `at://${did}/${input.collection}/${input.rkey}`, cid: CID, validationStatus: 'valid' });
        }
        case '/xrpc/com.atproto.repo.deleteRecord':
          return send(res, 200, {});
        default:
          return send(res, 501, { error: 'MethodNotImplemented', message: url.pathname });
      }
    })().catch(() => send(res, 500, { error: 'InternalServerError' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    did,
    records,
    hits,
    get logins() {
      return state.logins;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
