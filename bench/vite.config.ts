import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vite';

/** Builds the bench page (src/bench/) into bench/dist/, apart from the app. */
const folder = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: folder('../src/bench'),
  // public/ brings the shipped model, served at /model/ as in the app.
  publicDir: folder('../public'),
  worker: {
    format: 'es',
  },
  build: {
    target: 'es2022',
    outDir: folder('dist'),
    emptyOutDir: true,
  },
});
