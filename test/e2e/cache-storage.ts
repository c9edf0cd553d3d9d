/**
 * Reads Chromium's Cache Storage from the page, as the model downloader
 * and the service worker write it.
 */

import type { Page } from 'playwright-core';

/** Returns the SHA-256 of a cached file in hex, or null if it is absent. */
export function cachedSha256(page: Page, cacheName: string, url: string) {
  return page.evaluate(
    async ({ cacheName, url }) => {
      const response = await (await caches.open(cacheName)).match(url);
      if (!response) {
        return null;
      }
      const digest = await crypto.subtle.digest(
        'SHA-256',
        await response.arrayBuffer(),
      );
      return Array.from(new Uint8Array(digest), (byte) =>
        byte.toString(16).padStart(2, '0'),
      ).join('');
    },
    { cacheName, url },
  );
}
