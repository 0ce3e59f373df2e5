import { loadSharp } from '../../media/load-sharp.js';

/** app.bsky.embed.external's thumb accepts at most 1,000,000 bytes. */
export const THUMB_MAX_BYTES = 1_000_000;
const MAX_SIDE = 2000;
const MIN_SIDE = 64;
const QUALITIES = [85, 70, 55];

export interface Thumbnail {
  bytes: Uint8Array;
  mimeType: 'image/jpeg';
  width: number;
  height: number;
}

/**
 * Re-encodes any image sharp reads as a JPEG of at most `maxBytes`: first lowering the quality,
 * then the size, so a card keeps as much detail as fits. Transparent areas become white
 * (JPEG has no alpha), and EXIF orientation is applied so the picture is not sideways.
 */
export async function toJpegThumbnail(input: Uint8Array, maxBytes = THUMB_MAX_BYTES): Promise<Thumbnail> {
  const sharp = await loadSharp();
  const meta = await sharp(input).metadata();
  if (!meta.width || !meta.height) throw new Error('image has no dimensions');
  let side = Math.min(MAX_SIDE, Math.max(meta.width, meta.height));
  for (;;) {
    let smallest = Infinity;
    for (const quality of QUALITIES) {
      const { data, info } = await sharp(input)
        .rotate()
        .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality })
        .toBuffer({ resolveWithObject: true });
      if (data.length <= maxBytes) {
        return { bytes: new Uint8Array(data), mimeType: 'image/jpeg', width: info.width, height: info.height };
      }
      smallest = Math.min(smallest, data.length);
    }
    if (side <= MIN_SIDE) throw new Error(`image does not fit in ${maxBytes} bytes`);
    // Bytes grow with the pixel count, i.e. the square of the side: aim just under the limit.
    const factor = Math.min(0.9, Math.max(0.5, Math.sqrt(maxBytes / smallest) * 0.95));
    side = Math.max(MIN_SIDE, Math.floor(side * factor));
  }
}
