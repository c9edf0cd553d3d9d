/** Reading the model folder from the bench page's address. */

import { MODEL_PARAMETER } from './bench-api';

/** Model folder when the address names none: the app's own. */
export const DEFAULT_MODEL_PATH = '/model/';

/**
 * Returns the absolute URL of the model folder that `pageUrl` names in its
 * `model` query parameter. Throws a `RangeError` unless the folder is on
 * the page's own origin and ends in `/`, so the page fetches nothing from
 * another host.
 */
export function resolveModelBaseUrl(pageUrl: string): string {
  const page = new URL(pageUrl);
  const path = page.searchParams.get(MODEL_PARAMETER) ?? DEFAULT_MODEL_PATH;
  const folder = new URL(path, page);
  if (folder.origin !== page.origin) {
    throw new RangeError(
      `The ${MODEL_PARAMETER} parameter must be a path on ${page.origin}, ` +
        `got "${path}"`,
    );
  }
  if (!folder.pathname.endsWith('/') || folder.search || folder.hash) {
    throw new RangeError(
      `The ${MODEL_PARAMETER} parameter must name a folder ending in "/", ` +
        `such as ${DEFAULT_MODEL_PATH}, got "${path}"`,
    );
  }
  return folder.href;
}
