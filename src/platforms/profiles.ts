import type { PlatformId } from '../domain/platform.js';
import { PLATFORMS } from './descriptors.js';
import type { PlatformProfile } from './profile.js';

/** How each platform counts and how much it takes, from its descriptor (compose, edits, previews). */
export const PROFILES = Object.fromEntries(Object.values(PLATFORMS).map((p) => [p.id, p.profile])) as Record<PlatformId, PlatformProfile>;
