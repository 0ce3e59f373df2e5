import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { untilEvent } from './wait.js';

/** A raw PING over TCP: a probe that cannot hang the way a reused client can. */
function pingOnce(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** A port nothing listens on right now (the OS picks it), for servers a test starts itself. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * A redis-server of the test's own, on a free port, for tests that stop and restart Redis
 * (never the shared one). .ci/run installs redis-server.
 */
export class OwnRedisServer {
  private child?: ChildProcess;
  private constructor(
    readonly port: number,
    private readonly dataDir?: string,
  ) {}

  /** With `persistentDir`, the append-only file is on (fsync always), as in production: a restart keeps the data. */
  static async start(options: { persistentDir?: string } = {}): Promise<OwnRedisServer> {
    const server = new OwnRedisServer(await freePort(), options.persistentDir);
    await server.startProcess();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  private async startProcess(): Promise<void> {
    const persistence = this.dataDir
      ? ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', this.dataDir]
      : ['--appendonly', 'no'];
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', ...persistence], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    this.child = child;
    // redis-server says when it listens; the PING then proves it answers.
    let log = '';
    const ready = () => log.includes('Ready to accept connections') || child.exitCode !== null;
    child.stdout.on('data', (d: Buffer) => (log += d.toString()));
    await untilEvent(child.stdout, ['data', 'end'], ready, `redis-server on port ${this.port}`, 10_000).catch(() => undefined);
    if (!(await pingOnce(this.port))) throw new Error(`redis-server did not start on port ${this.port}:\n${log}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.startProcess();
  }
}
