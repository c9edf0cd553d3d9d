/**
 * Without WebGL the model runs on WebAssembly, with a visible note, from
 * binaries served by the app's own origin.
 */

import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import {
  analysePhoto,
  openSession,
  waitForModel,
  type Session,
} from './browser';

const PHOTO = fileURLToPath(
  new URL('../fixtures/images/ISIC_0028155.jpg', import.meta.url),
);

describe('no WebGL', () => {
  const baseUrl = inject('baseUrl');
  let session: Session;

  beforeAll(async () => {
    session = await openSession({ webgl: false });
  });

  afterAll(async () => {
    await session?.close();
  });

  it('notes the WebAssembly backend and analyses', async () => {
    const { page } = session;
    await page.goto(baseUrl);
    await waitForModel(page);

    expect(await page.getByTestId('backend-note').innerText()).toMatch(
      /WebGL is not available, so the model runs on WebAssembly/,
    );
    const probability = await analysePhoto(page, PHOTO);
    expect(probability).toBeGreaterThanOrEqual(0);
    expect(probability).toBeLessThanOrEqual(1);
  });

  it('loads the WebAssembly binary from its own origin', () => {
    const wasm = session.requests.filter((url) => url.endsWith('.wasm'));
    expect(wasm.length).toBeGreaterThan(0);
    for (const url of wasm) {
      expect(url.startsWith(`${baseUrl}tfjs-wasm/`)).toBe(true);
    }
  });
});
