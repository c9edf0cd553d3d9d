/**
 * Image files of every kind the command-line predictor must handle,
 * written into a folder: odd but valid images it scores, and broken or
 * unsupported files it reports with a status. Most are generated with
 * sharp. The HEIC file is committed, as sharp cannot write HEIC here.
 */

import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

import sharp, { type Sharp } from 'sharp';

import type { ImageStatus } from '../../src/cli/image-status';

export const FIXTURE_PHOTO = fileURLToPath(
  new URL('../fixtures/images/ISIC_0025964.jpg', import.meta.url),
);

export const HEIC_FIXTURE = fileURLToPath(
  new URL('../fixtures/formats/gradient.heic', import.meta.url),
);

/**
 * Size of each frame of the generated animations, in pixels: small, yet
 * above the smallest side the app and the predictor accept.
 */
export const FRAME_WIDTH = 48;
export const FRAME_HEIGHT = 36;

/** Colours of the first and second frame of the animations. */
export const FIRST_FRAME_RGB = [255, 0, 0] as const;
export const SECOND_FRAME_RGB = [0, 0, 255] as const;

/** Size a PNG header declares for the pixel-limit case: 60 megapixels. */
export const HUGE_WIDTH = 10_000;
export const HUGE_HEIGHT = 6_000;

/** Size of the large photo that is scored after shrinking. */
export const LARGE_WIDTH = 8_000;
export const LARGE_HEIGHT = 6_000;

export const PNG_SIGNATURE = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
]);

/** Returns one PNG chunk: length, type, data and CRC-32 (PNG spec 5.3). */
export function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** Splits a PNG file into its chunks. */
export function pngChunks(png: Buffer): { type: string; data: Buffer }[] {
  const chunks = [];
  let offset = PNG_SIGNATURE.length;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    chunks.push({ type, data: png.subarray(offset + 8, offset + 8 + length) });
    offset += 12 + length;
  }
  return chunks;
}

/**
 * Returns a PNG of the fixture photo with an embedded Display P3 ICC
 * profile (an iCCP chunk) but its pixels unchanged, as a phone that
 * shoots in P3 might save it.
 */
export async function pngWithP3Profile(): Promise<Buffer> {
  const plain = pngChunks(await sharp(FIXTURE_PHOTO).png().toBuffer());
  const tagged = pngChunks(
    await sharp(FIXTURE_PHOTO).withIccProfile('p3').png().toBuffer(),
  );
  const profile = tagged.find((chunk) => chunk.type === 'iCCP');
  if (!profile) {
    throw new Error('sharp wrote no iCCP chunk for the P3 profile');
  }
  const [header, ...rest] = plain;
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk(header!.type, header!.data),
    pngChunk('iCCP', profile.data),
    ...rest.map((chunk) => pngChunk(chunk.type, chunk.data)),
  ]);
}

/**
 * Returns a valid PNG header that declares `width` x `height` RGB pixels,
 * followed by one tiny row of data: a decompression bomb in miniature.
 */
export function pngWithHeaderSize(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type RGB
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.alloc(1 + width * 3))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

async function solidPng(rgb: readonly number[]): Promise<Buffer> {
  return sharp({
    create: {
      width: FRAME_WIDTH,
      height: FRAME_HEIGHT,
      channels: 3,
      background: { r: rgb[0]!, g: rgb[1]!, b: rgb[2]! },
    },
  })
    .png()
    .toBuffer();
}

/**
 * Builds a two-frame animated PNG (APNG 1.0: acTL, fcTL and fdAT chunks)
 * whose default image is the first frame.
 */
export async function animatedPng(): Promise<Buffer> {
  const first = pngChunks(await solidPng(FIRST_FRAME_RGB));
  const second = pngChunks(await solidPng(SECOND_FRAME_RGB));
  const frameControl = (sequence: number) => {
    const data = Buffer.alloc(26);
    data.writeUInt32BE(sequence, 0);
    data.writeUInt32BE(FRAME_WIDTH, 4);
    data.writeUInt32BE(FRAME_HEIGHT, 8);
    data.writeUInt16BE(1, 20); // delay numerator
    data.writeUInt16BE(2, 22); // delay denominator: half a second
    return pngChunk('fcTL', data);
  };
  const animationControl = Buffer.alloc(8);
  animationControl.writeUInt32BE(2, 0); // frames
  animationControl.writeUInt32BE(0, 4); // loop forever

  const chunksOf = (chunks: typeof first, type: string) =>
    chunks.filter((chunk) => chunk.type === type);
  const secondFrameData = chunksOf(second, 'IDAT').map((chunk, i) => {
    const sequence = Buffer.alloc(4);
    sequence.writeUInt32BE(2 + i);
    return pngChunk('fdAT', Buffer.concat([sequence, chunk.data]));
  });
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', chunksOf(first, 'IHDR')[0]!.data),
    pngChunk('acTL', animationControl),
    frameControl(0),
    ...chunksOf(first, 'IDAT').map((chunk) => pngChunk('IDAT', chunk.data)),
    frameControl(1),
    ...secondFrameData,
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Two solid frames stacked vertically, as sharp reads animations. */
function stackedFrames(): Sharp {
  const frame = (rgb: readonly number[]) =>
    Array.from({ length: FRAME_WIDTH * FRAME_HEIGHT }, () => rgb).flat();
  const pixels = Buffer.from([
    ...frame(FIRST_FRAME_RGB),
    ...frame(SECOND_FRAME_RGB),
  ]);
  return sharp(pixels, {
    raw: {
      width: FRAME_WIDTH,
      height: FRAME_HEIGHT * 2,
      channels: 3,
      pageHeight: FRAME_HEIGHT,
    },
  });
}

/** RGBA pixels with a gradient of colour and of alpha, 0 to 255. */
export function alphaGradient(width: number, height: number): Buffer {
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const offset = (y * width + x) * 4;
      pixels[offset] = (x * 255) / (width - 1);
      pixels[offset + 1] = (y * 255) / (height - 1);
      pixels[offset + 2] = 90;
      pixels[offset + 3] = ((x + y) * 255) / (width + height - 2);
    }
  }
  return pixels;
}

export interface ImageCase {
  /** Path relative to the folder, with `/` between parts. */
  file: string;
  /** `image_id` the predictor gives it. */
  imageId: string;
  status: ImageStatus;
}

/**
 * Writes every case into `folder` and returns them in the predictor's
 * order. Besides these, the folder gets a text file and a hidden image,
 * which the predictor must skip.
 */
export async function writeImageCases(folder: string): Promise<ImageCase[]> {
  const photo = await readFile(FIXTURE_PHOTO);
  const write = async (file: string, data: Buffer | Promise<Buffer>) => {
    const path = join(folder, file);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, await data);
  };
  const fromPhoto = () => sharp(FIXTURE_PHOTO);

  await write('photo.jpg', photo);
  await write(
    'odd/grey.png',
    fromPhoto().toColourspace('b-w').png().toBuffer(),
  );
  await write(
    'odd/grey-jpeg.jpg',
    fromPhoto().toColourspace('b-w').jpeg().toBuffer(),
  );
  await write(
    'odd/alpha.png',
    sharp(alphaGradient(200, 150), {
      raw: { width: 200, height: 150, channels: 4 },
    })
      .png()
      .toBuffer(),
  );
  await write(
    'odd/deep.png',
    fromPhoto().toColourspace('rgb16').png().toBuffer(),
  );
  await write(
    'odd/cmyk.jpg',
    fromPhoto().toColourspace('cmyk').jpeg().toBuffer(),
  );
  await write(
    'odd/rotated.jpg',
    fromPhoto().jpeg().withMetadata({ orientation: 6 }).toBuffer(),
  );
  await write('odd/animated-webp.webp', stackedFrames().webp().toBuffer());
  await write('odd/animated-gif.gif', stackedFrames().gif().toBuffer());
  await write('odd/animated-png.png', animatedPng());
  await write(
    'bad/thumbnail.png',
    fromPhoto().resize(16, 12, { fit: 'fill' }).png().toBuffer(),
  );
  await write(
    'odd/wide.png',
    fromPhoto().resize(4000, 40, { fit: 'fill' }).png().toBuffer(),
  );
  await write(
    'odd/tall.png',
    fromPhoto().resize(40, 4000, { fit: 'fill' }).png().toBuffer(),
  );
  await write(
    'odd/large.jpg',
    fromPhoto().resize(LARGE_WIDTH, LARGE_HEIGHT).jpeg().toBuffer(),
  );
  await write('odd/jpeg-named.png', photo);

  await write('bad/empty.jpg', Buffer.alloc(0));
  await write('bad/notes.jpg', Buffer.from('These are notes, not a photo.\n'));
  await write('bad/truncated.jpg', photo.subarray(0, photo.length / 2));
  const corrupt = Buffer.from(photo);
  corrupt.fill(0x55, 800, 1600);
  await write('bad/corrupt.jpg', corrupt);
  await write('bad/huge.png', pngWithHeaderSize(HUGE_WIDTH, HUGE_HEIGHT));
  await write('bad/scan.tif', fromPhoto().tiff().toBuffer());
  await write(
    'bad/icon.bmp',
    Buffer.concat([Buffer.from('BM'), Buffer.alloc(60)]),
  );
  await mkdir(join(folder, 'bad'), { recursive: true });
  await copyFile(HEIC_FIXTURE, join(folder, 'bad/iphone.heic'));
  await write('sub/photo.png', fromPhoto().png().toBuffer());

  await write('readme.txt', Buffer.from('not listed\n'));
  await write('.hidden.jpg', photo);

  const cases: [string, ImageStatus][] = [
    ['bad/corrupt.jpg', 'unreadable'],
    ['bad/empty.jpg', 'empty'],
    ['bad/huge.png', 'too_large'],
    ['bad/icon.bmp', 'unsupported_format'],
    ['bad/iphone.heic', 'unsupported_heic'],
    ['bad/notes.jpg', 'not_an_image'],
    ['bad/scan.tif', 'unsupported_format'],
    ['bad/thumbnail.png', 'too_small'],
    ['bad/truncated.jpg', 'unreadable'],
    ['sub/photo.png', 'duplicate_id'],
    ['odd/alpha.png', 'ok'],
    ['odd/animated-png.png', 'ok'],
    ['odd/animated-gif.gif', 'ok'],
    ['odd/animated-webp.webp', 'ok'],
    ['odd/cmyk.jpg', 'ok'],
    ['odd/deep.png', 'ok'],
    ['odd/grey-jpeg.jpg', 'ok'],
    ['odd/grey.png', 'ok'],
    ['odd/jpeg-named.png', 'ok'],
    ['odd/large.jpg', 'ok'],
    ['odd/rotated.jpg', 'ok'],
    ['odd/tall.png', 'ok'],
    ['odd/wide.png', 'ok'],
    ['photo.jpg', 'ok'],
  ];
  // The predictor's order: by path, compared in UTF-16 code units.
  const byPath = (a: ImageCase, b: ImageCase) => {
    if (a.file === b.file) {
      return 0;
    }
    return a.file < b.file ? -1 : 1;
  };
  return cases
    .map(([file, status]) => ({
      file,
      imageId: basename(file, extname(file)),
      status,
    }))
    .sort(byPath);
}
