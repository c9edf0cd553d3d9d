// Bad photos made from a good one with sharp, for the photo-quality tests
// and scripts/measure-photo-quality.mjs: blurred, darkened, brightened,
// the lesion shrunk, or the frame shifted off the lesion. Each function
// takes the source file's bytes and returns a sharp pipeline.

import sharp from 'sharp';

/** Width of the border whose median colour fills generated margins, px. */
const BORDER_PX = 8;

/** Median colour of the image border, the skin around most lesions. */
export async function borderColour(source) {
  const { data, info } = await sharp(source)
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const channels = [[], [], []];
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      const inBorder =
        x < BORDER_PX ||
        y < BORDER_PX ||
        x >= info.width - BORDER_PX ||
        y >= info.height - BORDER_PX;
      if (inBorder) {
        for (let c = 0; c < 3; c++) {
          channels[c].push(data[(y * info.width + x) * info.channels + c]);
        }
      }
    }
  }
  const [r, g, b] = channels.map((values) => {
    values.sort((a, z) => a - z);
    return values[Math.floor(values.length / 2)];
  });
  return { r, g, b };
}

/** Gaussian blur with `sigma` in source pixels. */
export function blurred(source, sigma) {
  return sharp(source).blur(sigma);
}

/** Multiplies every channel by `gain` and adds `offset`, clipped to 0-255. */
export function exposed(source, gain, offset = 0) {
  return sharp(source).linear(gain, offset);
}

/**
 * Shrinks the whole image by `scale` and centres it on the skin colour, so
 * the lesion covers `scale` squared of its former area.
 */
export async function shrunkLesion(source, scale) {
  const { width, height } = await sharp(source).metadata();
  const smallWidth = Math.round(width * scale);
  const smallHeight = Math.round(height * scale);
  const left = Math.floor((width - smallWidth) / 2);
  const top = Math.floor((height - smallHeight) / 2);
  const small = await sharp(source).resize(smallWidth, smallHeight).toBuffer();
  return sharp(small).extend({
    left,
    top,
    right: width - smallWidth - left,
    bottom: height - smallHeight - top,
    background: await borderColour(source),
  });
}

/**
 * Moves the content right and down by `share` of the short side, filling
 * the uncovered margin with the skin colour, as if the camera had pointed
 * up and to the left of the lesion.
 */
export async function shiftedFrame(source, share) {
  const { width, height } = await sharp(source).metadata();
  const shift = Math.round(Math.min(width, height) * share);
  const shifted = await sharp(source)
    .extend({ left: shift, top: shift, background: await borderColour(source) })
    .toBuffer();
  return sharp(shifted).extract({ left: 0, top: 0, width, height });
}

/** Decodes a sharp pipeline to RGBA pixels, as `RgbaImage`. */
export async function toRgba(pipeline) {
  const { data, info } = await pipeline
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
