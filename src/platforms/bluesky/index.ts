export { BlueskyAdapter, createBlueskyAdapter } from './adapter.js';
export type { BlueskyAdapterOptions } from './options.js';
export { MemorySessionStore, type BlueskySessionStore } from './session-store.js';
export { blueskyProfile } from './limits.js';
