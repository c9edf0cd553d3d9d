/**
 * Model inputs for benchmarks. The cost of a convolutional network does not
 * depend on pixel values, so a pattern that changes with each run replaces
 * photos and keeps decoding out of the timings.
 */

/** Largest RGB value of the model input. */
const MAX_CHANNEL_VALUE = 255;

/**
 * Returns `size * size * 3` RGB values in 0-255 (NHWC), the same for the
 * same `run` and different between runs.
 */
export function syntheticImage(size: number, run: number): Float32Array {
  if (!Number.isInteger(size) || size <= 0) {
    throw new RangeError(`Image size must be a positive integer, got ${size}`);
  }
  const image = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      for (let channel = 0; channel < 3; channel++) {
        // Primes spread the values, so neighbouring pixels differ.
        const value = x * 7 + y * 13 + channel * 31 + run * 17;
        image[(y * size + x) * 3 + channel] = value % (MAX_CHANNEL_VALUE + 1);
      }
    }
  }
  return image;
}
