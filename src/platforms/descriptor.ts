import type { PlatformId } from '../domain/platform.js';
import type { PlatformAdapter } from './adapter.js';
import type { MediaFetcher } from './media.js';
import type { PlatformProfile } from './profile.js';

/**
 * One credential field of a platform account: where the environment's account reads it, and how
 * it is checked (the same rules for ACCOUNTS_FILE accounts, which name the field itself).
 */
export interface CredentialField {
  /** The variable the environment's `default` account reads. */
  env: string;
  /**
   * Part of the group that turns the platform on: all of them set, or none. Optional fields have
   * a fallback, and an ACCOUNTS_FILE account that leaves them out gets the environment's value.
   */
  required: boolean;
  /** An absolute http(s) URL. */
  url?: boolean;
  fallback?: string;
  /** The allowed values, for a choice (Mastodon's visibility). */
  oneOf?: readonly string[];
  /** What a value looks like, where it has a shape of its own (a LinkedIn URN, a whsec_ key). */
  example?: string;
}

/** What a platform can do, for the lifecycle, the dashboard and the docs. */
export interface PlatformCapabilities {
  /** Replies chain parts into a thread. */
  threads: boolean;
  /** What went out can be deleted (retraction). */
  delete: boolean;
  /** What went out can be edited in place. */
  edit: boolean;
  /** An image goes with the post. */
  media: boolean;
  /** The image carries alt text. */
  altText: boolean;
  /** How a retry after a lost answer is kept from posting twice. */
  retrySafety: 'record-key' | 'idempotency-key' | 'read-back' | 'none';
}

export interface AdapterInput<C> {
  account: string;
  credentials: C;
  fetchMedia: MediaFetcher;
}

/**
 * Everything crier knows about one platform, in one place: adding a platform is one folder that
 * exports one of these, and one line in `descriptors.ts`. The adapter is loaded on first use, so a
 * process that never posts to a platform never loads its SDK (`crier render` loads none).
 */
export interface PlatformDescriptor<C extends object = Record<string, string>> {
  id: PlatformId;
  /** How people call it, for messages and pages. */
  name: string;
  credentials: { readonly [K in keyof C & string]: CredentialField };
  profile: PlatformProfile;
  capabilities: PlatformCapabilities;
  loadAdapter(): Promise<(input: AdapterInput<C>) => PlatformAdapter>;
}

/** The credentials a descriptor's fields describe, as the adapter receives them. */
export type CredentialsOf<D> = D extends PlatformDescriptor<infer C> ? C : never;

/** Declares a descriptor with its credential type checked against its fields. */
export function definePlatform<C extends object>(descriptor: PlatformDescriptor<C>): PlatformDescriptor<C> {
  return descriptor;
}
