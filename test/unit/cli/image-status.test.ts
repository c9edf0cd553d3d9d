import { describe, expect, it } from 'vitest';

import {
  decodeFailure,
  ImageFileError,
  STATUS_DESCRIPTIONS,
} from '../../../src/cli/image-status';

describe('decodeFailure', () => {
  it('keeps an ImageFileError', () => {
    const error = new ImageFileError('empty', 'the file is empty');

    expect(decodeFailure(error)).toBe(error);
  });

  it('maps the libvips pixel limit to too_large', () => {
    const failure = decodeFailure(new Error('Input image exceeds pixel limit'));

    expect(failure.status).toBe('too_large');
  });

  it('maps other decoder errors to unreadable', () => {
    const failure = decodeFailure(
      new Error(
        'VipsJpeg: premature end of JPEG image\nVipsJpeg: Bogus Huffman',
      ),
    );

    expect(failure.status).toBe('unreadable');
    expect(failure.message).toBe(
      'decoding failed: VipsJpeg: premature end of JPEG image',
    );
  });

  it('maps a thrown string to unreadable', () => {
    expect(decodeFailure('bad data').status).toBe('unreadable');
  });

  it('describes every status', () => {
    for (const description of Object.values(STATUS_DESCRIPTIONS)) {
      expect(description.length).toBeGreaterThan(0);
    }
    expect(Object.keys(STATUS_DESCRIPTIONS)).toContain('unsupported_heic');
  });
});
