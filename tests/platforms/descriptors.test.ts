import { describe, expect, it } from 'vitest';
import { PLATFORM_IDS } from '../../src/domain/platform.js';
import { configFrom, SETTING_NAMES } from '../../src/config.js';
import { PLATFORMS } from '../../src/platforms/descriptors.js';

const fetchMedia = async () => {
  throw new Error('no media in this test');
};

/** Plausible credentials for a descriptor's fields: URLs where a URL is wanted, the first choice of a choice. */
function sampleCredentials(fields: Record<string, { url?: boolean; oneOf?: readonly string[]; fallback?: string; example?: string }>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).map(([key, f]) => [key, f.example ?? (f.url ? 'http://127.0.0.1:9/' : (f.oneOf?.[0] ?? f.fallback ?? `${key}-value-123`))]),
  );
}

describe('platform descriptors', () => {
  it('there is one for every platform id, keyed by its own id', () => {
    expect(Object.keys(PLATFORMS).sort()).toEqual([...PLATFORM_IDS].sort());
    for (const [key, descriptor] of Object.entries(PLATFORMS)) expect(descriptor.id).toBe(key);
  });

  describe.each(Object.values(PLATFORMS))('$id', (descriptor) => {
    it('is complete: a name, credential fields with env names, a profile that counts, every capability', () => {
      expect(descriptor.name.trim()).not.toBe('');
      const fields = Object.values(descriptor.credentials);
      expect(fields.length).toBeGreaterThan(0);
      expect(fields.some((f) => f.required)).toBe(true);
      for (const field of fields) {
        expect(field.env).toMatch(/^[A-Z][A-Z0-9_]+$/);
        expect(SETTING_NAMES).toContain(field.env);
        if (!field.required) expect(field.fallback).toBeDefined();
        if (field.oneOf && field.fallback) expect(field.oneOf).toContain(field.fallback);
      }
      expect(descriptor.profile.id).toBe(descriptor.id);
      expect(descriptor.profile.limit).toBeGreaterThan(0);
      expect(descriptor.profile.measure('Hello')).toBeGreaterThan(0);
      expect(descriptor.profile.fits('Hello')).toBe(true);
      const capabilities = descriptor.capabilities;
      for (const key of ['threads', 'delete', 'edit', 'media', 'altText'] as const) expect(typeof capabilities[key]).toBe('boolean');
      expect(['record-key', 'idempotency-key', 'read-back', 'none']).toContain(capabilities.retrySafety);
      expect(capabilities.threads ? descriptor.profile.maxParts : 1).toBeGreaterThanOrEqual(1);
    });

    it('its environment variables make a default account with exactly its credential fields; half of them is an error', () => {
      const sample = sampleCredentials(descriptor.credentials);
      const env = Object.fromEntries(Object.entries(descriptor.credentials).map(([key, f]) => [f.env, sample[key]!]));
      const accounts = configFrom(env).accounts;
      expect(accounts).toEqual([{ platform: descriptor.id, name: 'default', credentials: sample }]);
      const required = Object.values(descriptor.credentials).filter((f) => f.required);
      if (required.length > 1) {
        const first = Object.entries(descriptor.credentials).find(([, f]) => f.required)!;
        expect(() => configFrom({ [first[1].env]: sample[first[0]]! })).toThrow(/partly configured/);
      }
    });

    it('loads an adapter for its platform that posts and deletes as its capabilities say', async () => {
      const create = await descriptor.loadAdapter();
      const adapter = create({ account: 'default', credentials: sampleCredentials(descriptor.credentials) as never, fetchMedia });
      expect(adapter.platform).toBe(descriptor.id);
      expect(adapter.account).toBe('default');
      expect(typeof adapter.post).toBe('function');
      if (!descriptor.capabilities.delete) {
        await expect(adapter.delete({ index: 0, remoteId: 'x' })).rejects.toThrow(/cannot|no delete/i);
      }
      await adapter.close?.();
    });
  });
});
