import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';

import {
  readPhotoHeader,
  uprightSize,
} from '../../../src/capture/photo-header';

function grey(width: number, height: number, background = '#808080'): Sharp {
  return sharp({ create: { width, height, channels: 3, background } });
}

async function bytes(image: Sharp): Promise<Uint8Array> {
  return new Uint8Array(await image.toBuffer());
}

describe('readPhotoHeader', () => {
  it('reads a JPEG size and orientation', async () => {
    const jpeg = await bytes(
      grey(60, 40).jpeg().withMetadata({ orientation: 6 }),
    );
    const header = readPhotoHeader(jpeg, 'jpeg');
    expect(header).toEqual({
      width: 60,
      height: 40,
      orientation: 6,
      animated: false,
    });
    expect(uprightSize(header!)).toEqual({ width: 40, height: 60 });
  });

  it('keeps the size of orientations 1-4', async () => {
    const jpeg = await bytes(
      grey(60, 40).jpeg().withMetadata({ orientation: 3 }),
    );
    expect(uprightSize(readPhotoHeader(jpeg, 'jpeg')!)).toEqual({
      width: 60,
      height: 40,
    });
  });

  it('reads PNG and WebP sizes', async () => {
    expect(readPhotoHeader(await bytes(grey(7, 9).png()), 'png')).toEqual({
      width: 7,
      height: 9,
      orientation: 1,
      animated: false,
    });
    expect(readPhotoHeader(await bytes(grey(7, 9).webp()), 'webp')).toEqual({
      width: 7,
      height: 9,
      orientation: 1,
      animated: false,
    });
  });

  it('detects an animated WebP', async () => {
    // Two different frames, because libwebp stores identical ones as a
    // still image.
    const frames = await Promise.all([
      grey(8, 8).png().toBuffer(),
      grey(8, 8, '#ff0000').png().toBuffer(),
    ]);
    const webp = await bytes(
      sharp(frames, { join: { animated: true } }).webp(),
    );
    expect(readPhotoHeader(webp, 'webp')?.animated).toBe(true);
  });

  it('detects an APNG by its acTL chunk', async () => {
    const png = await bytes(grey(8, 8).png());
    // Insert an empty acTL chunk after IHDR (8 + 25 bytes).
    const acTL = Uint8Array.of(
      0,
      0,
      0,
      8,
      ...Buffer.from('acTL'),
      0,
      0,
      0,
      2,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
    );
    const apng = new Uint8Array([
      ...png.subarray(0, 33),
      ...acTL,
      ...png.subarray(33),
    ]);
    expect(readPhotoHeader(apng, 'png')?.animated).toBe(true);
    expect(readPhotoHeader(png, 'png')?.animated).toBe(false);
  });

  it('returns null for formats without a plain header', async () => {
    const jpeg = await bytes(grey(8, 8).jpeg());
    expect(readPhotoHeader(jpeg, 'heic')).toBeNull();
    expect(readPhotoHeader(jpeg, 'avif')).toBeNull();
  });

  it('returns null for a damaged header', () => {
    expect(
      readPhotoHeader(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 16), 'jpeg'),
    ).toBeNull();
    expect(readPhotoHeader(new Uint8Array(10), 'png')).toBeNull();
    expect(readPhotoHeader(new Uint8Array(0), 'webp')).toBeNull();
  });
});
