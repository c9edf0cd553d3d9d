/**
 * The main-thread fallback on WebGL, then a lost WebGL context, between
 * analyses and during one: the analysis must reload the model on
 * WebAssembly, say so, and still return a result.
 */

import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import {
  analysePhoto,
  ANALYSIS_TIMEOUT_MS,
  openSession,
  parsePercent,
  waitForModel,
  type Session,
} from './browser';

const PHOTO = fileURLToPath(
  new URL('../fixtures/images/ISIC_0028155.jpg', import.meta.url),
);

/**
 * Makes WebGL fail on `OffscreenCanvas`, so the app runs the model on the
 * page's thread, and keeps every WebGL context the page creates, so the
 * test can lose them with `__loseWebglContexts()`.
 */
const MAIN_THREAD_WEBGL_SCRIPT = `
  window.__webglContexts = [];
  window.__loseWebglContexts = () => {
    for (const context of window.__webglContexts) {
      context.getExtension('WEBGL_lose_context')?.loseContext();
    }
    return window.__webglContexts.length;
  };
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

/** Time from pressing Analyse to losing the context, in milliseconds. */
const LOSS_DELAY_MS = 100;

function loseWebglContexts(): number {
  return (
    window as unknown as { __loseWebglContexts: () => number }
  ).__loseWebglContexts();
}

describe('lost WebGL context', () => {
  const baseUrl = inject('baseUrl');
  let session: Session;
  let onWebgl: number;

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
    onWebgl = await analysePhoto(page, PHOTO);

    const lost = await page.evaluate(loseWebglContexts);
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

  it('finishes an analysis that loses its context', async () => {
    const { page } = session;
    await page.reload();
    await waitForModel(page);
    expect(await page.getByTestId('backend-note').count()).toBe(0);
    await page.getByLabel('Photo of the skin lesion').setInputFiles(PHOTO);
    const analyse = page.getByRole('button', { name: 'Analyse' });
    await expect.poll(() => analyse.isEnabled()).toBe(true);

    const lostMidway = await page.evaluate(async (delay) => {
      const button = document.querySelector(
        'button[type=submit]',
      ) as HTMLButtonElement;
      button.click();
      await new Promise((resolve) => setTimeout(resolve, delay));
      const running =
        button.textContent === 'Analysing…' &&
        !document.querySelector('[data-testid=malignant-probability]');
      const lost = (
        window as unknown as { __loseWebglContexts: () => number }
      ).__loseWebglContexts();
      return running && lost > 0;
    }, LOSS_DELAY_MS);
    expect(lostMidway).toBe(true);

    const text = await page
      .getByTestId('malignant-probability')
      .innerText({ timeout: ANALYSIS_TIMEOUT_MS });
    expect(await page.getByTestId('backend-note').innerText()).toMatch(
      /WebGL context was lost.*\(WebAssembly\)/,
    );
    expect(Math.abs(parsePercent(text) - onWebgl)).toBeLessThan(
      BACKEND_TOLERANCE,
    );
  });
});
