/**
 * Colours of the heatmap overlay and its legend. Viridis (d3-scale-chromatic)
 * is perceptually uniform and stays readable with colour-vision
 * deficiencies, and its purple-to-yellow range contrasts with skin tones.
 */

import { interpolateViridis } from 'd3-scale-chromatic';

import type { Heatmap } from './heatmap';

/** Entries of the lookup table; one per 8-bit level. */
const LEVELS = 256;

/** Largest value of an 8-bit channel. */
const MAX_CHANNEL = 255;

/** Colour stops in the legend's CSS gradient. */
const LEGEND_STOPS = 11;

/** Parses a `#rrggbb` colour, the form d3-scale-chromatic returns. */
export function parseHexColour(hex: string): [number, number, number] {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) {
    throw new RangeError(`Expected a colour of the form #rrggbb, got ${hex}`);
  }
  return [
    parseInt(match[1]!, 16),
    parseInt(match[2]!, 16),
    parseInt(match[3]!, 16),
  ];
}

let table: Uint8Array | null = null;

/** RGB of each level, built once, because parsing per pixel is slow. */
function colourTable(): Uint8Array {
  if (!table) {
    table = new Uint8Array(LEVELS * 3);
    for (let level = 0; level < LEVELS; level++) {
      table.set(
        parseHexColour(interpolateViridis(level / (LEVELS - 1))),
        level * 3,
      );
    }
  }
  return table;
}

/**
 * Colours a heatmap as RGBA pixels. The alpha follows the value, so areas
 * with no push toward malignant stay clear and the photo shows through.
 */
export function heatmapToRgba(
  heatmap: Heatmap,
): Uint8ClampedArray<ArrayBuffer> {
  const colours = colourTable();
  const out = new Uint8ClampedArray(heatmap.data.length * 4);
  for (let i = 0; i < heatmap.data.length; i++) {
    const value = Math.min(Math.max(heatmap.data[i]!, 0), 1);
    const level = Math.round(value * (LEVELS - 1));
    out[i * 4] = colours[level * 3]!;
    out[i * 4 + 1] = colours[level * 3 + 1]!;
    out[i * 4 + 2] = colours[level * 3 + 2]!;
    out[i * 4 + 3] = Math.round(value * MAX_CHANNEL);
  }
  return out;
}

/**
 * CSS `linear-gradient` of the colour scale, 0 on the left, with the alpha
 * the overlay uses, so the legend looks like the overlay at full opacity.
 */
export function legendGradient(): string {
  const stops = Array.from({ length: LEGEND_STOPS }, (_, i) => {
    const value = i / (LEGEND_STOPS - 1);
    const [r, g, b] = parseHexColour(interpolateViridis(value));
    return `rgb(${r} ${g} ${b} / ${value.toFixed(2)})`;
  });
  return `linear-gradient(to right, ${stops.join(', ')})`;
}
