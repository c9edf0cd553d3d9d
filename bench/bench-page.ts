/** Driving the bench page (src/bench/) from the harness. */

import type { Page } from 'playwright-core';

import {
  BENCH_API_KEY,
  MODEL_PARAMETER,
  type BenchModelInfo,
  type BenchPageApi,
} from '../src/bench/bench-api';
import type { ModelMemory } from '../src/shared/messages';
import { withTimeout } from './timeout';

/**
 * Maximum wait for the bench page to load a model, in milliseconds. The
 * first design downloads and hashes 95 MB and compiles ResNet50's shaders
 * in software WebGL.
 */
export const MODEL_READY_TIMEOUT_MS = 10 * 60_000;

/** Maximum time of one analysis, in ms, software WebGL on a busy machine. */
export const ANALYSIS_TIMEOUT_MS = 120_000;

/** Returns the bench page's URL for the model folder `modelPath`. */
export function benchPageUrl(baseUrl: string, modelPath: string): string {
  const url = new URL(baseUrl);
  url.searchParams.set(MODEL_PARAMETER, modelPath);
  return url.href;
}

type BenchWindow = Record<string, BenchPageApi>;

/** Waits until the bench page has loaded its model and returns its info. */
export async function waitForBenchModel(page: Page): Promise<BenchModelInfo> {
  await page.waitForFunction((key) => key in window, BENCH_API_KEY, {
    timeout: MODEL_READY_TIMEOUT_MS,
  });
  return withTimeout(
    page.evaluate(
      (key) => (window as unknown as BenchWindow)[key]!.ready,
      BENCH_API_KEY,
    ),
    MODEL_READY_TIMEOUT_MS,
    `Loading the model on ${page.url()}`,
  );
}

/** Runs `runs` analyses and returns the model time of each, in ms. */
export function analyse(page: Page, runs: number): Promise<number[]> {
  return withTimeout(
    page.evaluate(
      ([key, count]) => (window as unknown as BenchWindow)[key]!.analyse(count),
      [BENCH_API_KEY, runs] as const,
    ),
    runs * ANALYSIS_TIMEOUT_MS,
    `${runs} analyses on ${page.url()}`,
  );
}

export function modelMemory(page: Page): Promise<ModelMemory> {
  return page.evaluate(
    (key) => (window as unknown as BenchWindow)[key]!.memory(),
    BENCH_API_KEY,
  );
}
