/**
 * Cold and warm starts: navigation to model ready with empty caches, in a
 * new browser profile, then again in a new tab of the same profile. On the
 * warm start the model comes from Cache Storage, and the app's page from
 * its service worker.
 */

import type { BrowserContext, Page, Request } from 'playwright-core';

import { openSession, waitForModel } from '../test/e2e/browser';
import { waitForBenchModel } from './bench-page';
import type { StartRun } from './results';
import { withTimeout } from './timeout';

/** Maximum wait for the app's service worker to activate, in ms. */
const SERVICE_WORKER_TIMEOUT_MS = 120_000;

/** Global the app-ready script sets, in ms since navigation start. */
const READY_AT_KEY = '__oncoscanModelReadyAtMs';

/**
 * Records `performance.now()` when the app first shows its model-ready
 * status, so the time does not include the harness's polling delay.
 */
const APP_READY_SCRIPT = `
  const observer = new MutationObserver(() => {
    if (document.querySelector('[data-testid="model-ready"]')) {
      window.${READY_AT_KEY} = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
`;

export interface StartTarget {
  page: 'app' | 'bench page';
  url: string;
  /** Absolute URL of the model folder, whose traffic is counted. */
  modelBaseUrl: string;
}

/** Sums the response bytes of a folder's requests that used the network. */
class FolderTraffic {
  private sizes: Promise<number>[] = [];
  private readonly listener = (request: Request) => {
    if (request.url().startsWith(this.folderUrl)) {
      this.sizes.push(networkBodyBytes(request));
    }
  };

  constructor(
    private readonly context: BrowserContext,
    private readonly folderUrl: string,
  ) {
    context.on('requestfinished', this.listener);
  }

  /** Returns the bytes since the last call and starts counting anew. */
  async take(): Promise<number> {
    const sizes = await Promise.all(this.sizes);
    this.sizes = [];
    return sizes.reduce((sum, bytes) => sum + bytes, 0);
  }

  stop(): void {
    this.context.off('requestfinished', this.listener);
  }
}

async function networkBodyBytes(request: Request): Promise<number> {
  const response = await request.response();
  if (!response || response.fromServiceWorker()) {
    return 0;
  }
  return (await request.sizes()).responseBodySize;
}

async function readyAtMs(page: Page, target: StartTarget): Promise<number> {
  if (target.page === 'bench page') {
    return (await waitForBenchModel(page)).readyAtMs;
  }
  await waitForModel(page);
  const readyAt = await page.evaluate(
    (key) => (window as unknown as Record<string, number | undefined>)[key],
    READY_AT_KEY,
  );
  if (readyAt === undefined) {
    throw new Error(
      `${page.url()} showed the model as ready, but the ready script ` +
        'recorded no time',
    );
  }
  return readyAt;
}

/** Waits until the app's service worker is active. */
async function waitForServiceWorker(page: Page): Promise<void> {
  await withTimeout(
    page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    }),
    SERVICE_WORKER_TIMEOUT_MS,
    `Activating the service worker of ${page.url()} (a development ` +
      'build registers none)',
  );
}

async function measureOneStart(target: StartTarget): Promise<StartRun> {
  const session = await openSession();
  const traffic = new FolderTraffic(session.context, target.modelBaseUrl);
  try {
    if (target.page === 'app') {
      await session.context.addInitScript(APP_READY_SCRIPT);
    }
    await session.page.goto(target.url);
    const coldMs = await readyAtMs(session.page, target);
    const coldNetworkBytes = await traffic.take();
    if (target.page === 'app') {
      await waitForServiceWorker(session.page);
    }

    // A new tab, as when the user opens the app again. Closing the old one
    // first frees its model.
    const page = await session.context.newPage();
    await session.page.close();
    await page.goto(target.url);
    const warmMs = await readyAtMs(page, target);
    const warmNetworkBytes = await traffic.take();
    if (target.page === 'app') {
      const controlled = await page.evaluate(
        () => navigator.serviceWorker.controller !== null,
      );
      if (!controlled) {
        throw new Error(
          `The service worker did not control the warm start of ${target.url}`,
        );
      }
    }
    return { coldMs, warmMs, coldNetworkBytes, warmNetworkBytes };
  } finally {
    traffic.stop();
    await session.close();
  }
}

/** Measures `runs` cold and warm starts, each pair in a new profile. */
export async function measureStarts(
  target: StartTarget,
  runs: number,
  log: (message: string) => void,
): Promise<StartRun[]> {
  const starts: StartRun[] = [];
  for (let run = 1; run <= runs; run++) {
    const start = await measureOneStart(target);
    log(
      `start ${run}/${runs} on the ${target.page}: cold ` +
        `${Math.round(start.coldMs)} ms (${start.coldNetworkBytes} bytes), ` +
        `warm ${Math.round(start.warmMs)} ms ` +
        `(${start.warmNetworkBytes} bytes)`,
    );
    starts.push(start);
  }
  return starts;
}
