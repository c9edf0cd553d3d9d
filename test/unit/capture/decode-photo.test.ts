import { readFile } from 'node:fs/promises';

import { afterEach, describe, expect, it, vi } from 'vitest';

import {
  checkPhotoFile,
  decodePhoto,
  HEADER_BYTES,
} from '../../../src/capture/decode-photo';
import { PhotoError } from '../../../src/capture/photo-errors';
import {
  decodeSize,
  MAX_FILE_BYTES,
  MAX_PIXELS,
} from '../../../src/capture/photo-limits';

const JPEG = new URL('../../fixtures/images/ISIC_0024698.jpg', import.meta.url);

const HEIC_HEAD = Uint8Array.of(0, 0, 0, 24, ...Buffer.from('ftypheic'), 0, 0);

async function jpegFile(name = 'lesion.jpg'): Promise<File> {
  return new File([await readFile(JPEG)], name, { type: 'image/jpeg' });
}

/**
 * The fixture JPEG with the size in its baseline frame header (SOF0)
 * replaced, so a test can claim any size without encoding the pixels.
 */
async function jpegClaiming(
  width: number,
  height: number,
  name: string,
): Promise<File> {
  const data = new Uint8Array(await readFile(JPEG));
  let offset = 2;
  while (data[offset] === 0xff && data[offset + 1] !== 0xc0) {
    offset += 2 + ((data[offset + 2]! << 8) | data[offset + 3]!);
  }
  if (data[offset + 1] !== 0xc0) {
    throw new Error('The fixture JPEG has no SOF0 segment');
  }
  // SOF0: marker, length (2), precision (1), height (2), width (2).
  data[offset + 5] = height >> 8;
  data[offset + 6] = height & 0xff;
  data[offset + 7] = width >> 8;
  data[offset + 8] = width & 0xff;
  return new File([data], name, { type: 'image/jpeg' });
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

  it('lets the browser try HEIC', async () => {
    const file = new File([HEIC_HEAD], 'IMG_0001.HEIC');
    expect(await checkPhotoFile(file)).toBe('heic');
  });

  it('rejects a GIF by its format', async () => {
    const file = new File(['GIF89a......'], 'clip.gif');
    const error = await photoError(checkPhotoFile(file));
    expect(error.reason).toBe('unsupported-format');
    expect(error.message).toMatch(/^"clip.gif" is a GIF file\. OncoScan reads/);
  });

  it('rejects an empty file', async () => {
    const error = await photoError(checkPhotoFile(new File([], 'empty.png')));
    expect(error.reason).toBe('empty');
    expect(error.message).toBe(
      '"empty.png" is empty (0 bytes). Choose another photo.',
    );
  });

  it('rejects a huge file before reading it', async () => {
    const slice = vi.fn();
    const file = {
      name: 'huge.jpg',
      size: MAX_FILE_BYTES + 1,
      slice,
    } as unknown as File;
    const error = await photoError(checkPhotoFile(file));
    expect(error.reason).toBe('file-too-large');
    expect(error.message).toMatch(
      /^"huge.jpg" is 100 MB, more than the 100 MB OncoScan reads/,
    );
    expect(slice).not.toHaveBeenCalled();
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

  it('explains how to get JPEG from an iPhone', async () => {
    vi.stubGlobal(
      'createImageBitmap',
      vi.fn().mockRejectedValue(new DOMException('no', 'InvalidStateError')),
    );
    const file = new File([HEIC_HEAD], 'IMG_0001.HEIC');
    const error = await photoError(decodePhoto(file));
    expect(error.reason).toBe('unsupported-format');
    expect(error.message).toMatch(
      /^"IMG_0001.HEIC" is a HEIC photo, the default format of iPhone cameras, and this browser cannot decode it\. Export it as JPEG/,
    );
    expect(error.message).toMatch(/Settings > Camera > Formats/);
  });

  it('rejects a header over the pixel limit unread', async () => {
    const bitmap = vi.fn();
    vi.stubGlobal('createImageBitmap', bitmap);
    const error = await photoError(
      decodePhoto(await jpegClaiming(10_000, 6_000, 'huge.jpg')),
    );
    expect(error.reason).toBe('too-large');
    expect(error.message).toMatch(
      new RegExp(
        `10000 x 6000 pixels, more than the ${MAX_PIXELS / 1e6} megapixels`,
      ),
    );
    expect(bitmap).not.toHaveBeenCalled();
  });

  it('rejects a decoded HEIC over the pixel limit', async () => {
    const close = vi.fn();
    vi.stubGlobal(
      'createImageBitmap',
      vi.fn().mockResolvedValue({ width: 10_000, height: 6_000, close }),
    );
    const error = await photoError(
      decodePhoto(new File([HEIC_HEAD], 'huge.heic')),
    );
    expect(error.reason).toBe('too-large');
    expect(close).toHaveBeenCalled();
  });

  it('rejects an image too small to use', async () => {
    const bitmap = vi.fn();
    vi.stubGlobal('createImageBitmap', bitmap);
    const error = await photoError(
      decodePhoto(await jpegClaiming(16, 12, 'icon.jpg')),
    );
    expect(error.reason).toBe('too-small');
    expect(error.message).toBe(
      '"icon.jpg" is only 16 x 12 pixels. OncoScan needs at least 32 ' +
        'pixels on the shorter side to see the lesion, so take a closer ' +
        'photo and choose it again.',
    );
    expect(bitmap).not.toHaveBeenCalled();
  });

  it('scales a large photo down while decoding', async () => {
    const bitmap = vi.fn().mockRejectedValue(new Error('stop here'));
    vi.stubGlobal('createImageBitmap', bitmap);
    await decodePhoto(await jpegClaiming(8000, 6000, 'large.jpg')).catch(
      () => undefined,
    );
    const size = decodeSize(8000, 6000);
    expect(bitmap).toHaveBeenCalledWith(expect.any(File), {
      imageOrientation: 'from-image',
      premultiplyAlpha: 'none',
      colorSpaceConversion: 'none',
      resizeWidth: size.width,
      resizeHeight: size.height,
      resizeQuality: 'high',
    });
  });

  it('reads only the header before decoding', async () => {
    vi.stubGlobal(
      'createImageBitmap',
      vi.fn().mockRejectedValue(new Error('stop here')),
    );
    const file = await jpegFile();
    const slice = vi.spyOn(file, 'slice');
    const arrayBuffer = vi.spyOn(file, 'arrayBuffer');

    await decodePhoto(file).catch(() => undefined);

    expect(slice).toHaveBeenCalledWith(0, HEADER_BYTES);
    expect(arrayBuffer).not.toHaveBeenCalled();
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
