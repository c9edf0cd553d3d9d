import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const MODEL_MANIFEST = 'public/model/manifest.json';

/**
 * Version shown in the app and written into history exports. The
 * ONCOSCAN_APP_VERSION variable overrides package.json, so a test can
 * build a second, different version of the app.
 */
function appVersion(): string {
  const packageJson = JSON.parse(readFileSync('package.json', 'utf8'));
  return process.env.ONCOSCAN_APP_VERSION ?? String(packageJson.version);
}

/** WASM binaries of @tensorflow/tfjs-backend-wasm the app can use. */
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'];
const WASM_FOLDER = 'tfjs-wasm';

/** Largest file the service worker precaches, in bytes. */
const MAX_PRECACHE_FILE_BYTES = 4 * 1024 * 1024;

const THEME_COLOUR = '#0b5cad';

/**
 * Content Security Policy of the built app: everything from its own
 * origin, so no request can reach another host. `wasm-unsafe-eval` lets
 * the WASM backend compile its binary; React sets inline styles.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
].join('; ');

/** Returns `manifest.version` of the shipped model, for cache names. */
function modelVersion(): string {
  if (!existsSync(MODEL_MANIFEST)) {
    console.warn(`${MODEL_MANIFEST} not found; the app has no model to load`);
    return 'none';
  }
  const manifest = JSON.parse(readFileSync(MODEL_MANIFEST, 'utf8'));
  return String(manifest.version);
}

/** Serves and emits the WASM backend's binaries from our own origin. */
function tfjsWasmFiles(): Plugin {
  const require = createRequire(import.meta.url);
  const wasmDist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  return {
    name: 'oncoscan:tfjs-wasm-files',
    configureServer(server) {
      server.middlewares.use(async (request, response, next) => {
        const name = request.url?.match(/^\/tfjs-wasm\/([\w.-]+\.wasm)$/)?.[1];
        if (!name || !WASM_FILES.includes(name)) {
          next();
          return;
        }
        response.setHeader('Content-Type', 'application/wasm');
        response.end(await readFile(join(wasmDist, name)));
      });
    },
    async generateBundle() {
      for (const name of WASM_FILES) {
        this.emitFile({
          type: 'asset',
          fileName: `${WASM_FOLDER}/${name}`,
          source: await readFile(join(wasmDist, name)),
        });
      }
    },
  };
}

function contentSecurityPolicy(): Plugin {
  return {
    name: 'oncoscan:content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: {
          'http-equiv': 'Content-Security-Policy',
          content: CONTENT_SECURITY_POLICY,
        },
        injectTo: 'head-prepend',
      },
    ],
  };
}

export default defineConfig({
  define: {
    __MODEL_VERSION__: JSON.stringify(modelVersion()),
    __APP_VERSION__: JSON.stringify(appVersion()),
  },
  worker: {
    format: 'es',
  },
  build: {
    target: 'es2022',
    sourcemap: true,
  },
  plugins: [
    react(),
    tfjsWasmFiles(),
    contentSecurityPolicy(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      injectRegister: false,
      registerType: 'prompt',
      injectManifest: {
        rollupFormat: 'iife',
        globPatterns: ['**/*.{html,js,css,png,svg,webmanifest,wasm}'],
        // The model has its own versioned cache; see src/sw/model-cache.ts.
        globIgnores: ['model/**', '**/*.map'],
        maximumFileSizeToCacheInBytes: MAX_PRECACHE_FILE_BYTES,
      },
      manifest: {
        name: 'OncoScan skin-lesion triage',
        short_name: 'OncoScan',
        description:
          'Offline skin-lesion triage that runs on your device. Not a diagnosis.',
        lang: 'en',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: THEME_COLOUR,
        icons: [
          {
            src: '/icons/icon-192.png',
            sizes: '192x192',
            type: 'image/png',
            purpose: 'any',
          },
          {
            src: '/icons/icon-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'any',
          },
          {
            src: '/icons/icon-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
    }),
  ],
});
