/**
 * Chromium for the e2e tests: Debian's build, driven by playwright-core,
 * with a fresh persistent profile per launch (an incognito context is never
 * installable, and a persistent one keeps the service worker like a real
 * browser does).
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type BrowserContext, type Page } from 'playwright-core';

import { OUTPUTS_DISAGREE } from '../../src/cli/photo-flags';
import { OUT_OF_DISTRIBUTION } from '../../src/quality/assess';
import { DISAGREEMENT_LEAD } from '../../src/result/result-status';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Maximum wait for the model to download and warm up, in milliseconds. */
export const MODEL_READY_TIMEOUT_MS = 180_000;

/** Maximum wait for one analysis, in milliseconds (software WebGL). */
export const ANALYSIS_TIMEOUT_MS = 120_000;

/**
 * Host names resolve to nothing but loopback. Even with the flags above,
 * Chromium starts its own requests to Google's account and update hosts,
 * which Playwright's request log never records. These rules keep them
 * off the network.
 */
const LOOPBACK_ONLY_ARG =
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost';

const BASE_ARGS = [
  '--headless',
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  LOOPBACK_ONLY_ARG,
];

/** WebGL in software through SwiftShader, as headless machines have no GPU. */
const SOFTWARE_WEBGL_ARGS = [
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
];

/**
 * Chromium 156 keeps WebGL 2 on `OffscreenCanvas` even with
 * `--disable-3d-apis`, so the page's probes are also made to fail. The
 * app then never requests WebGL from its worker.
 */
const NO_WEBGL_ARGS = ['--disable-3d-apis'];
const NO_WEBGL_SCRIPT = `
  for (const type of [self.HTMLCanvasElement, self.OffscreenCanvas]) {
    if (!type) continue;
    const getContext = type.prototype.getContext;
    type.prototype.getContext = function (kind, ...rest) {
      return /webgl/.test(kind) ? null : getContext.call(this, kind, ...rest);
    };
  }
`;

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Every URL the browser requested, in order. */
  requests: string[];
  /** Console errors and uncaught page errors. */
  errors: string[];
  close(): Promise<void>;
}

export interface SessionOptions {
  webgl?: boolean;
  /** Extra Chromium switches, such as a fake camera's. */
  args?: string[];
  /**
   * Profile folder to use and keep, so a later session can reopen it as a
   * restarted browser would. By default a fresh folder, deleted on close.
   */
  profile?: string;
}

export async function openSession(
  options: SessionOptions = {},
): Promise<Session> {
  const profile =
    options.profile ?? (await mkdtemp(join(tmpdir(), 'oncoscan-e2e-')));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      ...BASE_ARGS,
      ...(options.webgl === false ? NO_WEBGL_ARGS : SOFTWARE_WEBGL_ARGS),
      ...(options.args ?? []),
    ],
  });
  if (options.webgl === false) {
    await context.addInitScript(NO_WEBGL_SCRIPT);
  }
  const requests: string[] = [];
  const errors: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error') {
      errors.push(message.text());
    }
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return {
    context,
    page,
    requests,
    errors,
    close: async () => {
      await context.close();
      if (!options.profile) {
        await rm(profile, { recursive: true, force: true });
      }
    },
  };
}

/** Waits until the model is loaded and returns the status text. */
export async function waitForModel(page: Page): Promise<string> {
  const ready = page.getByTestId('model-ready');
  const failed = page.locator('.model-status.error');
  await ready.or(failed).waitFor({ timeout: MODEL_READY_TIMEOUT_MS });
  if (await failed.isVisible()) {
    throw new Error(`The model failed to load: ${await failed.innerText()}`);
  }
  return ready.innerText();
}

/**
 * Picks a photo, runs `fillDetails` if given, presses Analyse and returns
 * the shown probability. Details go in after the photo, because a new photo
 * resets them to unknown.
 */
export async function analysePhoto(
  page: Page,
  photo: string,
  fillDetails?: () => Promise<void>,
): Promise<number> {
  await page.getByLabel('Photo of the skin lesion').setInputFiles(photo);
  await fillDetails?.();
  const analyse = page.getByRole('button', { name: 'Analyse' });
  await analyse.waitFor();
  await page.waitForFunction(
    () =>
      !(document.querySelector('button[type=submit]') as HTMLButtonElement)
        .disabled,
  );
  await analyse.click();
  const text = await page
    .getByTestId('malignant-probability')
    .innerText({ timeout: ANALYSIS_TIMEOUT_MS });
  return parsePercent(text);
}

/** Reads "12.3 %", "< 0.1 %" or "> 99.9 %" as a 0-1 probability. */
export function parsePercent(text: string): number {
  const match = text.match(/([\d.]+)\s*%/);
  if (!match) {
    throw new Error(`Not a percentage: "${text}"`);
  }
  return Number(match[1]) / 100;
}

/**
 * Reads the unrounded probabilities of the shown result, keyed by
 * `malignant` and each label code.
 */
export async function readProbabilities(
  page: Page,
): Promise<Record<string, number>> {
  const json = await page
    .getByTestId('result')
    .getAttribute('data-probabilities', { timeout: ANALYSIS_TIMEOUT_MS });
  if (json === null) {
    throw new Error('The result has no data-probabilities attribute');
  }
  return JSON.parse(json) as Record<string, number>;
}

/** Reads the codes of the photo-quality warnings shown, in their order. */
export async function readQualityFlags(page: Page): Promise<string[]> {
  return page
    .getByTestId('quality-warnings')
    .locator('li')
    .evaluateAll((items) =>
      items.map((item) => (item as HTMLElement).dataset.code ?? ''),
    );
}

/**
 * Reads the warnings on the shown result as the command-line predictor
 * writes them: the quality codes, then `out_of_distribution` when the
 * result is marked unreliable, then `outputs_disagree` when the result
 * cautions that the model's two outputs disagree.
 */
export async function readPhotoFlags(page: Page): Promise<string[]> {
  await page.getByTestId('result').waitFor({ timeout: ANALYSIS_TIMEOUT_MS });
  const flags = await readQualityFlags(page);
  if ((await page.getByTestId('ood-warning').count()) > 0) {
    flags.push(OUT_OF_DISTRIBUTION);
  }
  const cautions = await page.getByTestId('risk-caution').allInnerTexts();
  if (cautions.some((caution) => caution.startsWith(DISAGREEMENT_LEAD))) {
    flags.push(OUTPUTS_DISAGREE);
  }
  return flags;
}
