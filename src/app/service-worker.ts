/**
 * Service worker registration with workbox-window. A new version waits
 * until the user confirms, then takes over, and the page reloads.
 */

import { Workbox } from 'workbox-window';

/** Called with a function that applies the waiting update. */
export type UpdateReadyListener = (applyUpdate: () => void) => void;

export function registerServiceWorker(onUpdateReady: UpdateReadyListener) {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) {
    return;
  }
  const workbox = new Workbox(`${import.meta.env.BASE_URL}sw.js`);
  workbox.addEventListener('waiting', () => {
    onUpdateReady(() => {
      workbox.addEventListener('controlling', () => location.reload());
      workbox.messageSkipWaiting();
    });
  });
  workbox.register().catch((error: unknown) => {
    console.error('Service worker registration failed', error);
  });
}
