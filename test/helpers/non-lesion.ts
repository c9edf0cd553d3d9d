/**
 * Photos that are not skin lesions, generated as PNG files with sharp, for
 * the out-of-distribution tests: a flat colour, noise, a text document and
 * a room. Deterministic, so every run tests the same pixels.
 */

import sharp from 'sharp';

const SIDE_PX = 400;

/** Seed of the noise image's linear congruential generator. */
const NOISE_SEED = 7;

function flatColour(): Promise<Buffer> {
  return sharp({
    create: {
      width: SIDE_PX,
      height: SIDE_PX,
      channels: 3,
      background: { r: 90, g: 140, b: 200 },
    },
  })
    .png()
    .toBuffer();
}

function noise(): Promise<Buffer> {
  const pixels = Buffer.alloc(SIDE_PX * SIDE_PX * 3);
  let state = NOISE_SEED;
  for (let i = 0; i < pixels.length; i++) {
    // Numerical Recipes' constants, the same generator as fake-model.mjs.
    state = (state * 1103515245 + 12345) % 2147483648;
    pixels[i] = Math.floor((state / 2147483648) * 256);
  }
  return sharp(pixels, {
    raw: { width: SIDE_PX, height: SIDE_PX, channels: 3 },
  })
    .png()
    .toBuffer();
}

function documentPage(): Promise<Buffer> {
  const lines = Array.from(
    { length: 18 },
    (_, i) =>
      `<text x="20" y="${30 + i * 20}" font-family="sans-serif" ` +
      `font-size="14" fill="black">Invoice line ${i + 1}: consulting ` +
      `services, ${(i + 1) * 40} EUR</text>`,
  ).join('');
  return svgToPng(
    `<rect width="${SIDE_PX}" height="${SIDE_PX}" fill="white"/>${lines}`,
  );
}

function room(): Promise<Buffer> {
  return svgToPng(
    '<rect width="400" height="240" fill="#d8cbb0"/>' +
      '<rect y="240" width="400" height="160" fill="#7a5230"/>' +
      '<rect x="40" y="50" width="110" height="90" fill="#9fd3f0" ' +
      'stroke="white" stroke-width="6"/>' +
      '<rect x="220" y="170" width="150" height="90" fill="#3b5e8c"/>' +
      '<rect x="230" y="260" width="10" height="50" fill="#222"/>' +
      '<rect x="350" y="260" width="10" height="50" fill="#222"/>' +
      '<circle cx="300" cy="50" r="18" fill="#fff7c0"/>',
  );
}

function svgToPng(body: string): Promise<Buffer> {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIDE_PX}" ` +
    `height="${SIDE_PX}">${body}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** Generators of the non-lesion photos, by a name for test titles. */
export const NON_LESION_PHOTOS: Record<string, () => Promise<Buffer>> = {
  'flat colour': flatColour,
  noise,
  'text document': documentPage,
  room,
};
