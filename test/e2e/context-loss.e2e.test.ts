/**
 * The main-thread fallback on WebGL, then a lost WebGL context: the next
 * analysis must reload the model on WebAssembly, say so, and still return
 * a result.
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

/**
 * Makes WebGL fail on `OffscreenCanvas`, so the app runs the model on the
 * page's thread, and keeps every WebGL context the page creates, so the
 * test can lose it.
 */
const MAIN_THREAD_WEBGL_SCRIPT = `
  window.__webglContexts = [];
  const offscreenGetContext = OffscreenCanvas.prototype.getContext;
  OffscreenCanvas.prototype.getContext = function (kind, ...rest) {
    return /webgl/.test(kind)
      ? null
      : offscreenGetContext.call(this, kind, ...rest);
  };
  const canvasGetContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
    const context = canvasGetContext.call(this, kind, ...rest);
    if (context && /webgl/.test(kind)) {
      window.__webglContexts.push(context);
    }
    return context;
  };
`;

/**
 * Maximum difference between the probabilities on WebGL and on
 * WebAssembly for the same photo, in 0-1 units, including the page's
 * rounding to 0.1 %.
 */
const BACKEND_TOLERANCE = 0.005;

describe('lost WebGL context', () => {
  const baseUrl = inject('baseUrl');
  let session: Session;

  beforeAll(async () => {
    session = await openSession();
    await session.context.addInitScript(MAIN_THREAD_WEBGL_SCRIPT);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('moves to WebAssembly and keeps analysing', async () => {
    const { page } = session;
    await page.goto(baseUrl);
    await waitForModel(page);
    expect(await page.getByTestId('backend-note').count()).toBe(0);
    const onWebgl = await analysePhoto(page, PHOTO);

    const lost = await page.evaluate(() => {
      const contexts = (
        window as unknown as { __webglContexts: WebGLRenderingContext[] }
      ).__webglContexts;
      for (const context of contexts) {
        context.getExtension('WEBGL_lose_context')?.loseContext();
      }
      return contexts.length;
    });
    expect(lost).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Analyse' }).click();
    await expect
      .poll(() => page.getByTestId('backend-note').innerText(), {
        timeout: 60_000,
      })
      .toMatch(/WebGL context was lost.*\(WebAssembly\)/);
    const onWasm = await analysePhoto(page, PHOTO);

    expect(Math.abs(onWasm - onWebgl)).toBeLessThan(BACKEND_TOLERANCE);
  });
});
