/// <reference lib="webworker" />
/**
 * Service worker: precaches the app shell, serves the model files
 * cache-first from a cache named after the model version, and deletes the
 * caches of older versions when it activates.
 */

import { cacheNames } from 'workbox-core';
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

import { modelCacheName } from '../shared/cache-names';
import { deleteStaleModelCaches, modelRoute } from './model-cache';

declare const self: ServiceWorkerGlobalScope;

/** `manifest.version` of the model this build ships, set by vite.config.ts. */
declare const __MODEL_VERSION__: string;

const currentModelCache = modelCacheName(__MODEL_VERSION__);

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Every navigation gets the precached app shell, online or not.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));

const modelFolder = new URL('model/', self.registration.scope).pathname;
registerRoute(modelRoute(modelFolder, currentModelCache));

self.addEventListener('activate', (event) => {
  event.waitUntil(deleteStaleModelCaches(currentModelCache));
});

// workbox-window's messageSkipWaiting() sends this once the user confirms.
self.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') {
    void self.skipWaiting();
  }
});

console.info(
  `OncoScan service worker for model ${__MODEL_VERSION__}; ` +
    `app shell cache ${cacheNames.precache}`,
);
