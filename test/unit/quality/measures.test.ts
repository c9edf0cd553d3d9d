import { describe, expect, it } from 'vitest';

import {
  estimateLesion,
  exposureStats,
  greySquare,
  laplacianVariance,
  largestRegion,
  meanChroma,
  otsuThreshold,
  type GreyImage,
} from '../../../src/quality/measures';

function greyOf(side: number, value: (x: number, y: number) => number) {
  const data = new Float32Array(side * side);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      data[y * side + x] = value(x, y);
    }
  }
  return { data, width: side, height: side } satisfies GreyImage;
}

/** Skin at level 200 with a dark disc of `radius` pixels at (cx, cy). */
function discImage(side: number, radius: number, cx: number, cy: number) {
  return greyOf(side, (x, y) =>
    Math.hypot(x + 0.5 - cx, y + 0.5 - cy) <= radius ? 60 : 200,
  );
}

describe('greySquare', () => {
  it('crops the centred square and weighs channels as BT.601', () => {
    // 4 x 2 pixels: red on the left quarter, green, blue, white.
    const colours = [
      [255, 0, 0],
      [0, 255, 0],
      [0, 0, 255],
      [255, 255, 255],
    ];
    const data = new Uint8ClampedArray(4 * 2 * 4);
    for (let y = 0; y < 2; y++) {
      for (let x = 0; x < 4; x++) {
        data.set([...colours[x]!, 255], (y * 4 + x) * 4);
      }
    }

    const grey = greySquare({ data, width: 4, height: 2 }, 2);

    expect(grey.width).toBe(2);
    // The centred 2 x 2 square contains the green and blue columns.
    expect(grey.data[0]).toBeCloseTo(0.587 * 255, 3);
    expect(grey.data[1]).toBeCloseTo(0.114 * 255, 3);
  });
});

/** Builds a `width` x `height` RGBA image of one colour. */
function flatRgba(width: number, height: number, rgb: number[]) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    data.set([...rgb, 255], p * 4);
  }
  return { data, width, height };
}

describe('meanChroma', () => {
  it('is 0 on a grey image', () => {
    expect(meanChroma(flatRgba(6, 4, [90, 90, 90]), 4)).toBe(0);
  });

  it('is the channel spread of one colour', () => {
    expect(meanChroma(flatRgba(6, 4, [200, 150, 120]), 4)).toBeCloseTo(80, 3);
  });

  it('measures only the centred square', () => {
    // Grey in the middle 4 x 4 square, red in the columns outside it.
    const image = flatRgba(6, 4, [100, 100, 100]);
    for (const x of [0, 5]) {
      for (let y = 0; y < 4; y++) {
        image.data.set([255, 0, 0, 255], (y * 6 + x) * 4);
      }
    }

    expect(meanChroma(image, 4)).toBe(0);
  });
});

describe('laplacianVariance', () => {
  it('is 0 on a flat image', () => {
    expect(laplacianVariance(greyOf(16, () => 120))).toBe(0);
  });

  it('is 0 on a linear ramp', () => {
    expect(laplacianVariance(greyOf(16, (x) => x * 10))).toBeCloseTo(0, 6);
  });

  it('is larger for sharp edges than for soft ones', () => {
    const sharpEdges = greyOf(32, (x) => (x % 8 < 4 ? 0 : 255));
    const softEdges = greyOf(32, (x) => 127.5 + 127.5 * Math.sin(x / 4));
    expect(laplacianVariance(sharpEdges)).toBeGreaterThan(
      10 * laplacianVariance(softEdges),
    );
  });
});

describe('exposureStats', () => {
  it('counts clipped pixels and the mean', () => {
    // One row each of 0, 100, 200 and 255.
    const grey = greyOf(4, (_, y) => [0, 100, 200, 255][y]!);
    const stats = exposureStats(grey, 16, 240);
    expect(stats.darkShare).toBe(0.25);
    expect(stats.brightShare).toBe(0.25);
    expect(stats.meanLuminance).toBeCloseTo(138.75, 6);
  });
});

describe('otsuThreshold', () => {
  it('splits two levels between them', () => {
    const values = Float32Array.from([40, 40, 40, 40, 180, 180, 180, 180]);
    const threshold = otsuThreshold(values);
    expect(threshold).toBeGreaterThanOrEqual(40);
    expect(threshold).toBeLessThan(180);
  });

  it('finds a small dark class', () => {
    const values = new Float32Array(100).fill(200);
    values.fill(50, 0, 3);
    const threshold = otsuThreshold(values);
    expect(threshold).toBeGreaterThanOrEqual(50);
    expect(threshold).toBeLessThan(200);
  });

  it('uses only the masked values', () => {
    const values = Float32Array.from([0, 0, 100, 200]);
    const mask = Uint8Array.from([0, 0, 1, 1]);
    expect(otsuThreshold(values, mask)).toBe(100);
  });
});

describe('largestRegion', () => {
  it('returns the biggest 4-connected region', () => {
    // 5 x 3 pixels: a region of 3 on the left and one of 4 on the right.
    // The pixels at (1, 1) and (2, 2) touch only at a corner, so 4-way
    // connectivity keeps them apart.
    // prettier-ignore
    const mask = Uint8Array.from([
      1, 0, 0, 1, 1,
      1, 1, 0, 1, 1,
      0, 0, 1, 0, 0,
    ]);
    const region = largestRegion(mask, 5, 3);
    expect(region).toEqual({ area: 4, centroidX: 3.5, centroidY: 0.5 });
  });

  it('returns null for an empty mask', () => {
    expect(largestRegion(new Uint8Array(9), 3, 3)).toBeNull();
  });
});

describe('estimateLesion', () => {
  it('finds a centred lesion', () => {
    const lesion = estimateLesion(discImage(64, 16, 32, 32));
    // The disc of radius 16 covers a quarter of the radius-32 disc.
    expect(lesion.areaShare).toBeCloseTo(0.25, 1);
    expect(lesion.centreOffset).toBeLessThan(0.02);
  });

  it('measures how far the lesion is off-centre', () => {
    const lesion = estimateLesion(discImage(64, 8, 48, 32));
    expect(lesion.centreOffset).toBeCloseTo(16 / 64, 1);
  });

  it('ignores dark corners outside the inscribed disc', () => {
    const grey = discImage(64, 12, 32, 32);
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 8; x++) {
        grey.data[y * 64 + x] = 0;
      }
    }
    expect(estimateLesion(grey).centreOffset).toBeLessThan(0.02);
  });

  it('finds no lesion on a flat image', () => {
    expect(estimateLesion(greyOf(32, () => 150)).areaShare).toBe(0);
  });
});
