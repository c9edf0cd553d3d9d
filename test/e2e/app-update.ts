/**
 * A second build of the app for update tests: built with another version
 * string, served on the same origin as the first, and accepted through
 * the in-app update prompt.
 */

import { spawn } from 'node:child_process';

import type { Page } from 'playwright-core';

import { startPreview, type PreviewServer } from './preview-server';

/** Maximum time for the second production build, in milliseconds. */
export const BUILD_TIMEOUT_MS = 180_000;

/** Builds the app with the version string `version` into `outDir`. */
export function buildNextVersion(
  outDir: string,
  version: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const build = spawn(
      process.execPath,
      [
        'node_modules/vite/bin/vite.js',
        'build',
        '--outDir',
        outDir,
        '--emptyOutDir',
        '--logLevel',
        'warn',
      ],
      {
        env: { ...process.env, ONCOSCAN_APP_VERSION: version },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const timer = setTimeout(() => build.kill('SIGTERM'), BUILD_TIMEOUT_MS);
    build.once('error', reject);
    build.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) {
        resolve();
      } else {
        reject(new Error(`vite build of ${version} exited with ${code}`));
      }
    });
  });
}

/** Stops `server` and serves the build in `outDir` on the same port. */
export async function replacePreview(
  server: PreviewServer,
  outDir: string,
): Promise<PreviewServer> {
  const port = Number(new URL(server.baseUrl).port);
  await server.stop();
  return startPreview({ outDir, port });
}

/**
 * Makes the page's service worker look for an update and accepts it
 * through the in-app prompt. Resolves once the page has reloaded.
 */
export async function acceptUpdate(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    await registration.update();
  });

  await page.getByText('A new version of OncoScan is ready.').waitFor();
  await Promise.all([
    page.waitForEvent('load'),
    page.getByRole('button', { name: 'Reload to update' }).click(),
  ]);
}
