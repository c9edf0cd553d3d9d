import { describe, expect, it } from 'vitest';

import { sniffImageFormat } from '../../../src/capture/sniff';

function bytes(...parts: (string | number[])[]): Uint8Array {
  const values = parts.flatMap((part) =>
    typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : part,
  );
  return Uint8Array.from([...values, ...new Array(16).fill(0)]);
}

describe('sniffImageFormat', () => {
  it.each([
    ['jpeg', bytes([0xff, 0xd8, 0xff, 0xe0])],
    ['png', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a])],
    ['webp', bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 ')],
    ['heic', bytes([0, 0, 0, 24], 'ftypheic')],
    ['heic', bytes([0, 0, 0, 24], 'ftypmif1')],
    ['avif', bytes([0, 0, 0, 24], 'ftypavif')],
    ['gif', bytes('GIF89a')],
    ['bmp', bytes('BM')],
    ['tiff', bytes([0x49, 0x49, 0x2a, 0x00])],
    ['pdf', bytes('%PDF-1.7')],
  ])('detects %s', (format, data) => {
    expect(sniffImageFormat(data)).toBe(format);
  });

  it.each([
    ['plain text', bytes('hello, world')],
    ['a RIFF audio file', bytes('RIFF', [1, 2, 3, 4], 'WAVEfmt ')],
    ['an MP4 video', bytes([0, 0, 0, 24], 'ftypisom')],
    ['an empty buffer', new Uint8Array(0)],
  ])('returns null for %s', (_, data) => {
    expect(sniffImageFormat(data)).toBeNull();
  });
});
