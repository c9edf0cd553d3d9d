import { describe, expect, it } from 'vitest';

import {
  DEFAULT_MODEL_PATH,
  resolveModelBaseUrl,
} from '../../../src/bench/model-url';

const PAGE = 'http://127.0.0.1:4173/';

describe('resolveModelBaseUrl', () => {
  it('defaults to the app model folder', () => {
    expect(resolveModelBaseUrl(PAGE)).toBe(
      `http://127.0.0.1:4173${DEFAULT_MODEL_PATH}`,
    );
  });

  it('resolves a path on the same origin', () => {
    expect(resolveModelBaseUrl(`${PAGE}?model=/bench-models/resnet50/`)).toBe(
      'http://127.0.0.1:4173/bench-models/resnet50/',
    );
  });

  it.each([
    ['another host', 'http://example.com/model/'],
    ['another port', 'http://127.0.0.1:9999/model/'],
    ['a protocol-relative URL', '//example.com/model/'],
  ])('rejects %s', (_, path) => {
    const url = `${PAGE}?model=${encodeURIComponent(path)}`;

    expect(() => resolveModelBaseUrl(url)).toThrow(/must be a path on/);
  });

  it.each([
    ['no trailing slash', '/model'],
    ['a query', '/model/?x=1'],
  ])('rejects %s', (_, path) => {
    const url = `${PAGE}?model=${encodeURIComponent(path)}`;

    expect(() => resolveModelBaseUrl(url)).toThrow(/folder ending in "\/"/);
  });
});
