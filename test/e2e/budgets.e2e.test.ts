/**
 * Size budgets of what a phone downloads, checked on every test run so that
 * a change cannot outgrow them unnoticed: the gzipped JavaScript of the
 * production build (built by `npm run test:e2e`) and the shipped model.
 * `npm run bench` measures the same budgets on the wire with its other
 * figures.
 */

import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import {
  MAX_APP_JAVASCRIPT_GZIP_BYTES,
  MAX_SHIPPED_DOWNLOAD_BYTES,
} from '../../bench/report';
import { measureJavaScript } from '../../scripts/bundle-size.mjs';
import type { ModelManifest } from '../../src/shared/manifest';

const DIST = fileURLToPath(new URL('../../dist', import.meta.url));
const MANIFEST = new URL('../../public/model/manifest.json', import.meta.url);

describe('download budgets', () => {
  it('keeps the app JavaScript within its gzipped budget', async () => {
    const { files, gzipBytes } = await measureJavaScript(DIST);

    expect(files.length).toBeGreaterThan(0);
    expect(gzipBytes).toBeLessThanOrEqual(MAX_APP_JAVASCRIPT_GZIP_BYTES);
  });

  it('keeps the model download within its budget', async () => {
    const manifest = JSON.parse(
      await readFile(MANIFEST, 'utf8'),
    ) as ModelManifest;
    const manifestBytes = (await stat(MANIFEST)).size;
    const modelBytes = manifest.files.reduce(
      (sum, file) => sum + file.bytes,
      0,
    );

    expect(modelBytes).toBeGreaterThan(0);
    expect(manifestBytes + modelBytes).toBeLessThanOrEqual(
      MAX_SHIPPED_DOWNLOAD_BYTES,
    );
  });
});
