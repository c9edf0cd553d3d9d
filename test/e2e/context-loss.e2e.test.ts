/**
 * A lost WebGL context, between analyses and during one, on the main
 * thread and in the model worker: the analysis must reload the model on
 * WebAssembly, say so, and still return the same probability.
 *
 * Neither path has a test hook in the app. On the main thread an init
 * script keeps the page's WebGL contexts. The worker runs no init
 * scripts, so the test serves the worker script with
 * `WORKER_WEBGL_HOOK` put in front of it, which keeps the worker's
 * WebGL contexts, and loses them with `Worker.evaluate`.
 */

import { fileURLToPath } from 'node:url';

import type { Page, Worker } from 'playwright-core';
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

/** The model worker's script, which the build names `worker-HASH.js`. */
const WORKER_SCRIPT = /\/assets\/worker-[^/]+\.js$/;

/**
 * Keeps every WebGL context the model worker creates on its
 * `OffscreenCanvas`, so the test can lose them with
 * `self.__loseWebglContexts()`, and counts the results the worker sends
 * in `self.__analysedCount`. It runs before the worker module's body,
 * and TensorFlow.js creates its context only once the model loads.
 */
const WORKER_WEBGL_HOOK = `
  self.__analysedCount = 0;
  const workerPostMessage = self.postMessage.bind(self);
  self.postMessage = (message, ...rest) => {
    if (message?.type === 'analysed') {
      self.__analysedCount += 1;
    }
    return workerPostMessage(message, ...rest);
  };
  self.__webglContexts = [];
  self.__loseWebglContexts = () => {
    for (const context of self.__webglContexts) {
      context.getExtension('WEBGL_lose_context')?.loseContext();
    }
    return self.__webglContexts.length;
  };
  const offscreenGetContext = OffscreenCanvas.prototype.getContext;
  OffscreenCanvas.prototype.getContext = function (kind, ...rest) {
    const context = offscreenGetContext.call(this, kind, ...rest);
    if (context && /webgl/.test(kind)) {
      self.__webglContexts.push(context);
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
    self as unknown as { __loseWebglContexts: () => number }
  ).__loseWebglContexts();
}

function countWebglContexts(): number {
  return (self as unknown as { __webglContexts: unknown[] }).__webglContexts
    .length;
}

/**
 * Loses the worker's WebGL contexts and returns how many there were, with
 * the number of results the worker had sent by then.
 */
function loseWorkerWebglContexts(): { lost: number; analysed: number } {
  const scope = self as unknown as {
    __loseWebglContexts: () => number;
    __analysedCount: number;
  };
  return { lost: scope.__loseWebglContexts(), analysed: scope.__analysedCount };
}

/** Returns the page's model worker, which exists once the model loaded. */
function modelWorker(page: Page): Worker {
  const worker = page.workers().find((w) => WORKER_SCRIPT.test(w.url()));
  if (!worker) {
    const urls = page.workers().map((w) => w.url());
    throw new Error(
      'The model worker is not running, so the model may have loaded on ' +
        `the main thread. The page's workers: ${urls.join(', ') || 'none'}`,
    );
  }
  return worker;
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

describe('lost WebGL context in the model worker', () => {
  const baseUrl = inject('baseUrl');
  let session: Session;
  let onWebgl: number;

  beforeAll(async () => {
    session = await openSession();
    await session.context.route(WORKER_SCRIPT, async (route) => {
      const response = await route.fetch();
      await route.fulfill({
        response,
        body: WORKER_WEBGL_HOOK + (await response.text()),
      });
    });
  });

  afterAll(async () => {
    await session?.close();
  });

  it('moves to WebAssembly and keeps analysing', async () => {
    const { page } = session;
    await page.goto(baseUrl);
    await waitForModel(page);
    expect(await page.getByTestId('backend-note').count()).toBe(0);
    const worker = modelWorker(page);
    expect(await worker.evaluate(countWebglContexts)).toBeGreaterThan(0);
    onWebgl = await analysePhoto(page, PHOTO);

    const lost = await worker.evaluate(loseWebglContexts);
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
    const worker = modelWorker(page);
    await page.getByLabel('Photo of the skin lesion').setInputFiles(PHOTO);
    const analyse = page.getByRole('button', { name: 'Analyse' });
    await expect.poll(() => analyse.isEnabled()).toBe(true);

    await analyse.click();
    await new Promise((resolve) => setTimeout(resolve, LOSS_DELAY_MS));
    const { lost, analysed } = await worker.evaluate(loseWorkerWebglContexts);

    expect(lost).toBeGreaterThan(0);
    // No result had left the worker, so the loss came during the analysis.
    expect(analysed).toBe(0);
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
