import type sharpModule from 'sharp';
import { lazy } from '../domain/lazy.js';

/**
 * sharp (libvips) on first use: about 20 MB that a worker whose posts carry no image, and
 * `crier render`, never need.
 */
export const loadSharp: () => Promise<typeof sharpModule> = lazy(() => import('sharp').then((m) => m.default));
