import { useEffect, useRef } from 'react';

import { MAX_CHANNEL } from '../preprocess/composite';
import './capture.css';

interface AnalysedSquareProps {
  /** Model input: `size * size * 3` RGB floats in 0-255, row-major. */
  image: Float32Array;
  size: number;
}

/**
 * Draws the model input, so the user sees the centred square the model
 * analyses, upright and at the model's resolution.
 */
export function AnalysedSquare({ image, size }: AnalysedSquareProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const context = canvasRef.current?.getContext('2d');
    if (!context) {
      return;
    }
    const pixels = context.createImageData(size, size);
    for (let p = 0; p < size * size; p++) {
      // Uint8ClampedArray rounds each float to the nearest level.
      pixels.data[p * 4] = image[p * 3]!;
      pixels.data[p * 4 + 1] = image[p * 3 + 1]!;
      pixels.data[p * 4 + 2] = image[p * 3 + 2]!;
      pixels.data[p * 4 + 3] = MAX_CHANNEL;
    }
    context.putImageData(pixels, 0, 0);
  }, [image, size]);

  return (
    <figure className="analysed-square">
      <canvas
        ref={canvasRef}
        width={size}
        height={size}
        role="img"
        aria-label="The part of the photo the model analyses"
        data-testid="analysed-square"
      />
      <figcaption>
        What the model analyses: the centred square, at {size} x {size} pixels.
      </figcaption>
    </figure>
  );
}
