/**
 * `vite preview` of the production build on a free loopback port.
 */

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Maximum time `vite preview` may take to start, in milliseconds. */
const SERVER_START_TIMEOUT_MS = 30_000;
const POLL_INTERVAL_MS = 200;

export interface PreviewServer {
  /** Origin and path of the app, ending in `/`. */
  baseUrl: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('No port was assigned')),
      );
    });
  });
}

export interface PreviewOptions {
  /** Folder of the build to serve; `dist` by default. */
  outDir?: string;
  /** Port to listen on; a free one by default. */
  port?: number;
}

export async function startPreview(
  options: PreviewOptions = {},
): Promise<PreviewServer> {
  const outDir = options.outDir ?? 'dist';
  if (!existsSync(join(outDir, 'index.html'))) {
    throw new Error(`${outDir}/ has no build; run \`npm run build\` first`);
  }
  const port = options.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}/`;
  const preview = spawn(
    process.execPath,
    [
      'node_modules/vite/bin/vite.js',
      'preview',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--strictPort',
      '--outDir',
      outDir,
      // Vite 8 allows one preview per project without this flag, and the
      // offline test runs a second one.
      '--bypass-lock',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) =>
    preview.once('exit', () => resolve()),
  );

  const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
  for (;;) {
    if (preview.exitCode !== null) {
      throw new Error(`vite preview exited with code ${preview.exitCode}`);
    }
    try {
      if ((await fetch(baseUrl)).ok) {
        break;
      }
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      preview.kill('SIGTERM');
      throw new Error(
        `vite preview did not answer at ${baseUrl} within ` +
          `${SERVER_START_TIMEOUT_MS} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }

  return {
    baseUrl,
    stop: async () => {
      if (preview.exitCode === null) {
        preview.kill('SIGTERM');
        await exited;
      }
    },
  };
}
