import { readFile } from 'node:fs/promises';

import { afterEach, describe, expect, it, vi } from 'vitest';

import {
  checkPhotoFile,
  decodePhoto,
  MAX_PIXELS,
} from '../../../src/capture/decode-photo';
import { PhotoError } from '../../../src/capture/photo-errors';

const JPEG = new URL('../../fixtures/images/ISIC_0024698.jpg', import.meta.url);

async function jpegFile(name = 'lesion.jpg'): Promise<File> {
  return new File([await readFile(JPEG)], name, { type: 'image/jpeg' });
}

async function photoError(promise: Promise<unknown>): Promise<PhotoError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PhotoError);
  return error as PhotoError;
}

describe('checkPhotoFile', () => {
  it('accepts a JPEG by its bytes, whatever its name', async () => {
    expect(await checkPhotoFile(await jpegFile('photo.png'))).toBe('jpeg');
  });

  it('rejects a text file named .jpg', async () => {
    const file = new File(['not a photo'], 'notes.jpg', { type: 'image/jpeg' });
    const error = await photoError(checkPhotoFile(file));
    expect(error.reason).toBe('not-an-image');
    expect(error.message).toBe(
      '"notes.jpg" is not an image. Choose a JPEG, PNG or WebP photo of the ' +
        'skin lesion.',
    );
  });

  it('explains that HEIC is not supported', async () => {
    const heic = Uint8Array.of(0, 0, 0, 24, ...Buffer.from('ftypheic'), 0, 0);
    const file = new File([heic], 'IMG_0001.HEIC');
    const error = await photoError(checkPhotoFile(file));
    expect(error.reason).toBe('unsupported-format');
    expect(error.message).toMatch(
      /^"IMG_0001.HEIC" is a HEIC photo, the default format of iPhone cameras\. OncoScan reads JPEG, PNG and WebP photos/,
    );
  });

  it('rejects an empty file', async () => {
    const error = await photoError(checkPhotoFile(new File([], 'empty.png')));
    expect(error.reason).toBe('empty');
    expect(error.message).toBe(
      '"empty.png" is empty (0 bytes). Choose another photo.',
    );
  });
});

describe('decodePhoto', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('reports a file the browser cannot decode', async () => {
    vi.stubGlobal(
      'createImageBitmap',
      vi
        .fn()
        .mockRejectedValue(new DOMException('bad data', 'InvalidStateError')),
    );
    const error = await photoError(decodePhoto(await jpegFile('cut.jpg')));
    expect(error.reason).toBe('decode-failed');
    expect(error.message).toBe(
      '"cut.jpg" looks like a JPEG image but could not be decoded, so it ' +
        'may be damaged or incomplete. Try another photo.',
    );
  });

  it('rejects a photo over the pixel limit', async () => {
    const close = vi.fn();
    vi.stubGlobal(
      'createImageBitmap',
      vi.fn().mockResolvedValue({ width: 10_000, height: 6_000, close }),
    );
    const error = await photoError(decodePhoto(await jpegFile('huge.jpg')));
    expect(error.reason).toBe('too-large');
    expect(error.message).toMatch(
      new RegExp(
        `10000 x 6000 pixels, more than the ${MAX_PIXELS / 1e6} megapixels`,
      ),
    );
    expect(close).toHaveBeenCalled();
  });

  it('asks the browser for upright pixels without colour conversion', async () => {
    const bitmap = vi.fn().mockRejectedValue(new Error('stop here'));
    vi.stubGlobal('createImageBitmap', bitmap);
    await decodePhoto(await jpegFile()).catch(() => undefined);
    expect(bitmap).toHaveBeenCalledWith(expect.any(File), {
      imageOrientation: 'from-image',
      premultiplyAlpha: 'none',
      colorSpaceConversion: 'none',
    });
  });
});
