// Writes the app icons in public/icons/ from one SVG drawing, with sharp.
// Run `npm run icons` after changing the drawing; the PNGs are committed.

import { mkdir, writeFile } from 'node:fs/promises';

import sharp from 'sharp';

const OUT_DIR = new URL('../public/icons/', import.meta.url);
const THEME_COLOUR = '#0b5cad';

/**
 * The mark on a 512-unit canvas: a white lens with a brown lesion inside.
 * `scale` shrinks it about the centre; maskable icons need it inside the
 * central 80 % circle that every launcher mask keeps.
 */
function drawing({ rounded, scale }) {
  const corner = rounded ? 96 : 0;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512"
  viewBox="0 0 512 512">
  <rect width="512" height="512" rx="${corner}" fill="${THEME_COLOUR}"/>
  <g transform="translate(256 256) scale(${scale}) translate(-256 -256)">
    <circle cx="236" cy="236" r="150" fill="#ffffff"/>
    <circle cx="236" cy="236" r="150" fill="none" stroke="#08457f"
      stroke-width="24"/>
    <path d="M190 250c-14-40 20-82 58-76 44 6 56 48 38 80-16 30-82 36-96-4z"
      fill="#6b3a1e"/>
    <rect x="336" y="330" width="46" height="140" rx="20" fill="#ffffff"
      transform="rotate(-45 359 400)"/>
  </g>
</svg>`;
}

const ICONS = [
  { file: 'icon-192.png', size: 192, rounded: true, scale: 1 },
  { file: 'icon-512.png', size: 512, rounded: true, scale: 1 },
  // Full-bleed square; the mark fits in the 80 % safe zone.
  { file: 'icon-maskable-512.png', size: 512, rounded: false, scale: 0.72 },
  { file: 'apple-touch-icon.png', size: 180, rounded: false, scale: 0.85 },
];

await mkdir(OUT_DIR, { recursive: true });
for (const icon of ICONS) {
  const svg = Buffer.from(drawing(icon));
  const png = await sharp(svg)
    .resize(icon.size, icon.size)
    .png({ compressionLevel: 9 })
    .toBuffer();
  await writeFile(new URL(icon.file, OUT_DIR), png);
  console.log(`wrote public/icons/${icon.file} (${icon.size} px)`);
}
await writeFile(
  new URL('favicon.svg', OUT_DIR),
  drawing({ rounded: true, scale: 1 }),
);
console.log('wrote public/icons/favicon.svg');
