/**
 * The web app manifest and Chromium's own installability check.
 */

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { openSession, waitForModel, type Session } from './browser';

interface ManifestIcon {
  src: string;
  sizes: string;
  type: string;
  purpose?: string;
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(data: Buffer): [number, number] {
  const signature = '89504e470d0a1a0a';
  if (data.subarray(0, 8).toString('hex') !== signature) {
    throw new Error('Not a PNG file');
  }
  return [data.readUInt32BE(16), data.readUInt32BE(20)];
}

describe('installable app', () => {
  const baseUrl = inject('baseUrl');
  let session: Session;

  beforeAll(async () => {
    session = await openSession();
    await session.page.goto(baseUrl);
    await waitForModel(session.page);
    await session.page.evaluate(() => navigator.serviceWorker.ready);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('links a valid web app manifest', async () => {
    const { page } = session;
    const href = await page
      .locator('link[rel="manifest"]')
      .getAttribute('href');
    expect(href).toBeTruthy();
    const response = await page.request.get(new URL(href!, baseUrl).href);
    expect(response.ok()).toBe(true);
    const manifest = await response.json();

    expect(manifest.name).toBe('OncoScan skin-lesion triage');
    expect(manifest.short_name).toBe('OncoScan');
    expect(manifest.display).toBe('standalone');
    expect(manifest.start_url).toBe('/');
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);

    const icons: ManifestIcon[] = manifest.icons;
    const find = (size: string, purpose: string) =>
      icons.find((icon) => icon.sizes === size && icon.purpose === purpose);
    expect(find('192x192', 'any')).toBeDefined();
    expect(find('512x512', 'any')).toBeDefined();
    expect(find('512x512', 'maskable')).toBeDefined();

    for (const icon of icons) {
      const image = await page.request.get(new URL(icon.src, baseUrl).href);
      expect(image.headers()['content-type']).toBe('image/png');
      const [width, height] = pngSize(await image.body());
      expect(`${width}x${height}`).toBe(icon.sizes);
    }
  });

  it('passes Chromium installability checks', async () => {
    const cdp = await session.context.newCDPSession(session.page);
    const { installabilityErrors } = await cdp.send(
      'Page.getInstallabilityErrors',
    );
    expect(installabilityErrors).toEqual([]);
    const { errors } = await cdp.send('Page.getAppManifest');
    expect(errors).toEqual([]);
  });
});
