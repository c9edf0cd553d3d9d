/**
 * Inference time and memory of one model on the bench page: warm-up
 * analyses, then analyses in batches with a memory sample (after garbage
 * collection) before the first batch and after each.
 */

import type { Page } from 'playwright-core';

import type { BenchModelInfo } from '../src/bench/bench-api';
import { openSession } from '../test/e2e/browser';
import { analyse, modelMemory, waitForBenchModel } from './bench-page';
import { HeapProbe } from './heap';
import type { BenchSettings, BrowserInfo, MemorySample } from './results';
import { readBrowserInfo } from './system';

export interface RuntimeFigures {
  info: BenchModelInfo;
  inferenceTimesMs: number[];
  memory: MemorySample[];
  browser: BrowserInfo;
}

async function sampleMemory(
  page: Page,
  probe: HeapProbe,
  analyses: number,
): Promise<MemorySample> {
  const jsHeap = await probe.measure();
  return { analyses, model: await modelMemory(page), jsHeap };
}

export async function measureRuntime(
  url: string,
  settings: BenchSettings,
  log: (message: string) => void,
): Promise<RuntimeFigures> {
  const session = await openSession();
  try {
    const { page } = session;
    await page.goto(url);
    const info = await waitForBenchModel(page);
    if (info.backend !== 'webgl') {
      const reasons = info.skipped
        .map((skipped) => `${skipped.backend}: ${skipped.reason}`)
        .join('; ');
      throw new Error(
        `${info.name} runs on ${info.backend}, not WebGL (${reasons}). ` +
          'The bench compares WebGL figures; check that Chromium starts ' +
          'with SwiftShader.',
      );
    }
    log(`${info.name} ${info.version} loaded on WebGL in the ${info.where}`);
    const browser = await readBrowserInfo(page);

    const probe = await HeapProbe.attach(session.context, page);
    await analyse(page, settings.warmUpRuns);
    const memory = [await sampleMemory(page, probe, 0)];
    const inferenceTimesMs: number[] = [];
    while (inferenceTimesMs.length < settings.memoryRuns) {
      const batch = Math.min(
        settings.memorySampleEvery,
        settings.memoryRuns - inferenceTimesMs.length,
      );
      inferenceTimesMs.push(...(await analyse(page, batch)));
      const sample = await sampleMemory(page, probe, inferenceTimesMs.length);
      memory.push(sample);
      log(
        `${info.name}: ${inferenceTimesMs.length}/${settings.memoryRuns} ` +
          `analyses, ${sample.model.numTensors} tensors`,
      );
    }

    await probe.detach();
    return { info, inferenceTimesMs, memory, browser };
  } finally {
    await session.close();
  }
}
