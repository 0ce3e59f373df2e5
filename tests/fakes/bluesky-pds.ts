import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { AtpAgent } from '@atproto/api';
import { Secp256k1Keypair } from '@atproto/crypto';
import { PDS, envToCfg, envToSecrets } from '@atproto/pds';
import type { ServerEnvironment } from '@atproto/pds';
import { Database as PlcDatabase, PlcServer } from '@did-plc/server';

export interface TestAccount {
  did: string;
  handle: string;
  /** The account password. */
  password: string;
  /** An app password, what crier is configured with in production. */
  appPassword: string;
}

export interface TestPds {
  /** Base URL of the PDS, e.g. http://localhost:54321 */
  url: string;
  createAccount(handle: string): Promise<TestAccount>;
  /** The same access token with its expiry moved into the past, signed as the PDS signs them. */
  expireAccessToken(accessJwt: string): string;
  close(): Promise<void>;
}

const JWT_SECRET = 'crier-test-jwt-secret';

function expiredCopy(jwt: string, secret: string): string {
  const [header, payload] = jwt.split('.');
  if (!header || !payload) throw new Error('not a JWT');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  const now = Math.floor(Date.now() / 1000);
  const body = Buffer.from(JSON.stringify({ ...claims, iat: now - 7200, exp: now - 3600 })).toString('base64url');
  const signature = createHmac('sha256', Buffer.from(secret)).update(`${header}.${body}`).digest('base64url');
  return `${header}.${body}.${signature}`;
}

/** The PDS builds its public URL from its port, so the port has to be known before it starts. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function hexKey(): Promise<string> {
  const key = await Secp256k1Keypair.create({ exportable: true });
  return Buffer.from(await key.export()).toString('hex');
}

/**
 * A real PDS (@atproto/pds) in-process with an in-memory PLC (@did-plc/server), sqlite in a temp
 * directory, no AppView, invites off and rate limits off: records are read back with getRecord /
 * listRecords, not through feeds.
 */
export async function startTestPds(): Promise<TestPds> {
  const plc = PlcServer.create({ db: PlcDatabase.mock(), port: 0 });
  const plcListener = await plc.start();
  const plcUrl = `http://localhost:${(plcListener.address() as AddressInfo).port}`;

  const dataDirectory = await mkdtemp(join(tmpdir(), 'crier-pds-'));
  const port = await freePort();
  const env: ServerEnvironment = {
    port,
    hostname: 'localhost',
    devMode: true,
    dataDirectory,
    blobstoreDiskLocation: join(dataDirectory, 'blobs'),
    didPlcUrl: plcUrl,
    inviteRequired: false,
    serviceHandleDomains: ['.test'],
    jwtSecret: JWT_SECRET,
    adminPassword: 'crier-test-admin',
    plcRotationKeyK256PrivateKeyHex: await hexKey(),
    rateLimitsEnabled: false,
    version: '0.0.0-crier-test',
  };

  let pds: PDS;
  try {
    pds = await PDS.create(envToCfg(env), envToSecrets(env));
    await pds.start();
  } catch (error) {
    await plc.destroy();
    await rm(dataDirectory, { recursive: true, force: true });
    throw error;
  }
  const url = `http://localhost:${port}`;

  return {
    url,
    async createAccount(handle: string): Promise<TestAccount> {
      const agent = new AtpAgent({ service: url });
      const fullHandle = handle.endsWith('.test') ? handle : `${handle}.test`;
      const password = `pw-${fullHandle}-${Math.random().toString(36).slice(2)}`;
      const res = await agent.com.atproto.server.createAccount({
        handle: fullHandle,
        email: `${fullHandle.replace(/\W/g, '-')}@crier.test`,
        password,
      });
      agent.sessionManager.session = { ...res.data, active: true };
      const app = await agent.com.atproto.server.createAppPassword({ name: 'crier' });
      return { did: res.data.did, handle: res.data.handle, password, appPassword: app.data.password };
    },
    expireAccessToken: (accessJwt) => expiredCopy(accessJwt, JWT_SECRET),
    async close(): Promise<void> {
      await pds.destroy();
      await plc.destroy();
      await rm(dataDirectory, { recursive: true, force: true });
    },
  };
}
