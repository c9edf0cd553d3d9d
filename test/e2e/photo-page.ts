/**
 * Page helpers for photo input: pick a file and wait for the preview or
 * the error, and read back the model input the page shows.
 */

import { readFile } from 'node:fs/promises';

import type { Page } from 'playwright-core';

import { toModelInput } from '../../src/preprocess/model-input';
import type { RgbaImage } from '../../src/preprocess/images';

/** Maximum wait for one photo to be decoded, in milliseconds. */
export const DECODE_TIMEOUT_MS = 60_000;

export type PickOutcome =
  | { kind: 'ready'; caption: string; notices: string[] }
  | { kind: 'error'; message: string };

/** Waits until the page shows the photo named `name` or an error about it. */
export async function waitForPhoto(
  page: Page,
  name: string,
): Promise<PickOutcome> {
  const quoted = `"${name}"`;
  await page.waitForFunction(
    ({ name, quoted }) => {
      const caption = document.querySelector('[data-testid=photo-caption]');
      const error = document.querySelector('[data-testid=photo-error]');
      return (
        caption?.textContent?.startsWith(`${name},`) ||
        error?.textContent?.includes(quoted)
      );
    },
    { name, quoted },
    { timeout: DECODE_TIMEOUT_MS },
  );
  const error = page.getByTestId('photo-error');
  if (await error.isVisible()) {
    return { kind: 'error', message: await error.innerText() };
  }
  return {
    kind: 'ready',
    caption: await page.getByTestId('photo-caption').innerText(),
    notices: await page.getByTestId('photo-notice').allInnerTexts(),
  };
}

/** Chooses `path` (or an in-memory file) in the main photo picker. */
export async function pickPhoto(
  page: Page,
  file: string | { name: string; mimeType: string; buffer: Buffer },
): Promise<PickOutcome> {
  await page.getByLabel('Photo of the skin lesion').setInputFiles(file);
  const name = typeof file === 'string' ? file.split('/').at(-1)! : file.name;
  return waitForPhoto(page, name);
}

/** Returns the RGB bytes of the analysed-square canvas, row-major. */
export async function readAnalysedSquare(page: Page): Promise<Uint8Array> {
  const canvas = page.getByTestId('analysed-square');
  await canvas.waitFor({ timeout: DECODE_TIMEOUT_MS });
  const rgba = await canvas.evaluate((element) => {
    const square = element as HTMLCanvasElement;
    const context = square.getContext('2d')!;
    return Array.from(
      context.getImageData(0, 0, square.width, square.height).data,
    );
  });
  const rgb = new Uint8Array((rgba.length / 4) * 3);
  for (let p = 0; p < rgba.length / 4; p++) {
    rgb[p * 3] = rgba[p * 4]!;
    rgb[p * 3 + 1] = rgba[p * 4 + 1]!;
    rgb[p * 3 + 2] = rgba[p * 4 + 2]!;
  }
  return rgb;
}

/** Mean absolute difference of the square from `reference`'s model input. */
export function squareDifference(
  square: Uint8Array,
  reference: RgbaImage,
  size: number,
): number {
  const expected = toModelInput(reference, size);
  if (expected.length !== square.length) {
    throw new Error(
      `The page shows ${square.length} values, expected ${expected.length}`,
    );
  }
  let total = 0;
  for (let i = 0; i < square.length; i++) {
    total += Math.abs(square[i]! - expected[i]!);
  }
  return total / square.length;
}

/** `input.size` of the shipped model, read from its manifest. */
export async function shippedInputSize(): Promise<number> {
  const manifest = JSON.parse(
    await readFile(
      new URL('../../public/model/manifest.json', import.meta.url),
      'utf8',
    ),
  );
  return manifest.input.size;
}
