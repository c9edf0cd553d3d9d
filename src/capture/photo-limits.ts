/** Limits on the photos the app and the Node predictor accept. */

/**
 * Largest photo accepted, in pixels. Its RGBA copy takes 4 bytes a pixel,
 * so this caps one decoded photo at 200 MB.
 */
export const MAX_PIXELS = 50_000_000;
