import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fitImage } from '../../src/media/fit-image.js';
import { pngBytes } from './image-host.js';

describe('fitImage', () => {
  it('keeps an accepted type within the limit byte for byte', async () => {
    const png = await pngBytes();
    const fitted = await fitImage({ bytes: png, mimeType: 'image/png', url: 'http://cdn.test/a.png' }, { maxBytes: 5_000_000, types: ['image/png'] });
    expect(fitted.mimeType).toBe('image/png');
    expect(Buffer.from(fitted.bytes).equals(png)).toBe(true);
  });

  it('re-encodes an image over the platform limit as a JPEG under it', async () => {
    const noisy = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 128, g: 128, b: 128 }, noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer();
    const limit = 40_000;
    expect(noisy.length).toBeGreaterThan(limit);
    const fitted = await fitImage({ bytes: noisy, mimeType: 'image/png', url: 'http://cdn.test/a.png' }, { maxBytes: limit, types: ['image/png', 'image/jpeg'] });
    expect(fitted.mimeType).toBe('image/jpeg');
    expect(fitted.bytes.length).toBeLessThanOrEqual(limit);
    expect((await sharp(fitted.bytes).metadata()).format).toBe('jpeg');
  });

  it('re-encodes a type the platform refuses', async () => {
    const tiff = await sharp(await pngBytes()).tiff().toBuffer();
    const fitted = await fitImage({ bytes: tiff, mimeType: 'image/tiff', url: 'http://cdn.test/a.tiff' }, { maxBytes: 5_000_000, types: ['image/png', 'image/jpeg'] });
    expect(fitted.mimeType).toBe('image/jpeg');
  });
});
