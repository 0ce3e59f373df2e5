import secureSession from '@fastify/secure-session';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Config } from '../../src/config.js';
import { sessionKey } from '../../src/dashboard/dashboard-plugin.js';
import { dashboardDepsFor } from '../../src/dashboard/dashboard-setup.js';
import { EditorStore } from '../../src/editors/editor-store.js';
import { SessionRegistry } from '../../src/editors/session-registry.js';
import { DEFAULT_SIGN_IN_LIMITS, SignInLimiter, type SignInLimits } from '../../src/editors/sign-in-limiter.js';
import type { AppDeps } from '../../src/http/app-deps.js';
import { EditLog } from '../../src/http/edit-log.js';
import { type CoreServices } from '../../src/service/services.js';
import { startApp } from '../helpers/app-harness.js';
import { signedHeaders } from '../helpers/sign.js';
import { articleJson } from '../helpers/builders.js';

/** The production per-name limit; a smaller per-address one so the test needs fewer (slow, scrypt) attempts. */
export const TEST_LIMITS: SignInLimits = { ...DEFAULT_SIGN_IN_LIMITS, perAddress: 8 };
export const SESSION_SECRET = 'dashboard-test-session-secret-0123456789';
export const PASSWORDS = { alice: 'alice-password-123', root: 'root-password-4567' } as const;
export const seed = articleJson();

export interface Dashboard {
  app: FastifyInstance;
  core: CoreServices;
  prefix: string;
  editors: EditorStore;
  sessions: SessionRegistry;
  close(): Promise<void>;
}

/** The real app on a real Redis (random prefix): every post waits for review, times are Karachi's. */
export async function startDashboard(
  extra: Record<string, string> = {},
  limits: SignInLimits = TEST_LIMITS,
  more: Partial<Pick<AppDeps, 'accountChecks'>> = {},
): Promise<Dashboard> {
  const h = await startApp({
    env: { SESSION_SECRET, NEWSROOM_TIMEZONE: 'Asia/Karachi', REVIEW_PLATFORMS: '*', ...extra },
    deps: ({ config, core, storePrefix }) => ({
      ...more,
      editLog: new EditLog(core.requestRedis, storePrefix),
      dashboard: dashboardDeps(config, core, storePrefix, limits),
    }),
  });
  const editors = new EditorStore(h.core.requestRedis, h.storePrefix);
  await editors.add('alice', PASSWORDS.alice, 'editor');
  await editors.add('root', PASSWORDS.root, 'admin');
  return { ...h, editors, sessions: new SessionRegistry(h.core.requestRedis, h.storePrefix) };
}

/** The dashboard as the service wires it, with the sign-in limits the test wants. */
export function dashboardDeps(config: Config, core: CoreServices, storePrefix: string, limits: SignInLimits = TEST_LIMITS): NonNullable<AppDeps['dashboard']> {
  return { ...dashboardDepsFor(config, core.requestRedis, storePrefix, core.articles), signInLimiter: new SignInLimiter(core.requestRedis, storePrefix, limits) };
}

export interface Summary {
  id: string;
  platform: string;
  state: string;
}

export async function publish(app: FastifyInstance, overrides: Record<string, unknown> = {}): Promise<Summary[]> {
  const body = JSON.stringify({ ...seed, ...overrides });
  const res = await app.inject({ method: 'POST', url: '/v1/articles', payload: body, headers: signedHeaders(body) });
  expect(res.statusCode).toBe(202);
  return res.json<{ posts: Summary[] }>().posts;
}

export function on(posts: Summary[], platform: string): Summary {
  const found = posts.find((p) => p.platform === platform);
  if (!found) throw new Error(`no ${platform} post`);
  return found;
}

/** A cookie jar and a CSRF token taken from the last page, like a browser without JavaScript. */
export class Visitor {
  readonly cookies = new Map<string, string>();
  csrf = '';
  /** Every body this visitor saw: none may hold a secret. */
  readonly bodies: string[] = [];

  constructor(
    private readonly app: FastifyInstance,
    readonly address = '127.0.0.1',
  ) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
  }

  private keep(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number }[]) {
      if (c.value === '' || c.maxAge === 0) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (token?.[1]) this.csrf = token[1];
    this.bodies.push(res.body);
    return res;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.keep(await this.app.inject({ method: 'GET', url, remoteAddress: this.address, headers: { cookie: this.cookieHeader(), ...headers } }));
  }

  /** A form post; `_csrf` is added unless the form sets it (or `null` leaves it out). */
  async post(url: string, form: Record<string, string | string[] | null>, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const params = new URLSearchParams();
    if (!('_csrf' in form)) params.set('_csrf', this.csrf);
    for (const [key, value] of Object.entries(form)) {
      if (value === null) continue;
      for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
    }
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        remoteAddress: this.address,
        payload: params.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader(), ...headers },
      }),
    );
  }

  async signIn(name: keyof typeof PASSWORDS): Promise<void> {
    await this.get('/sign-in');
    const res = await this.post('/sign-in', { name, password: PASSWORDS[name], next: '/' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    // As a browser does after the redirect: the new session's first page carries its CSRF token.
    await this.get('/health');
  }
}

/** A session cookie as the app would seal it, with chosen contents (to test expiry without waiting). */
export async function sealedSession(data: Record<string, unknown>, secret = SESSION_SECRET): Promise<string> {
  const sealer = Fastify();
  await sealer.register(secureSession, { key: sessionKey(secret), cookieName: 'crier_session' });
  await sealer.ready();
  const cookie = sealer.encodeSecureSession(sealer.createSecureSession(data));
  await sealer.close();
  return cookie;
}

export function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;|&#34;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/\s+/g, ' ');
}
