import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { toJpegThumbnail } from '../../../src/platforms/bluesky/thumbnail.js';

describe('toJpegThumbnail', () => {
  it('turns a transparent 3000px PNG into a JPEG no wider than 2000px, transparency on white', async () => {
    const png = await sharp({ create: { width: 3000, height: 1500, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer();
    const thumb = await toJpegThumbnail(png);
    const meta = await sharp(thumb.bytes).metadata();
    expect(meta.format).toBe('jpeg');
    expect([meta.width, meta.height]).toEqual([2000, 1000]);
    const { data } = await sharp(thumb.bytes).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(250);
  });

  it('shrinks noise until it fits the byte limit it is given', async () => {
    const raw = randomBytes(800 * 800 * 3);
    const png = await sharp(raw, { raw: { width: 800, height: 800, channels: 3 } }).png().toBuffer();
    const thumb = await toJpegThumbnail(png, 100_000);
    expect(thumb.bytes.length).toBeLessThanOrEqual(100_000);
    expect(thumb.width).toBeLessThan(800);
  });

  it('rejects bytes that are not an image', async () => {
    await expect(toJpegThumbnail(new TextEncoder().encode('<html>not an image</html>'))).rejects.toThrow();
  });
});
