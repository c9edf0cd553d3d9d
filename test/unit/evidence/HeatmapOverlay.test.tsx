// @vitest-environment jsdom
import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import {
  DEFAULT_OPACITY_PERCENT,
  HeatmapOverlay,
  MAX_HEATMAP_SIDE_PX,
} from '../../../src/evidence/HeatmapOverlay';
import type { CamGrid } from '../../../src/shared/messages';

const PHOTO = {
  previewUrl: 'blob:photo',
  pixels: { width: 300, height: 200 },
};

/** Strongest push toward malignant in the top-right cell. */
const CAM: CamGrid = { rows: 2, columns: 2, values: [-1, 3, 0.5, -2] };

/** jsdom has no canvas drawing, so the 2D context records its calls. */
const putImageData = vi.fn();

describe('HeatmapOverlay', () => {
  beforeEach(() => {
    putImageData.mockReset();
    // getContext has one overload per context type, so the mock is cast.
    const context = { putImageData } as unknown as RenderingContext;
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(
      context as never,
    );
    vi.stubGlobal(
      'ImageData',
      class {
        constructor(
          readonly data: Uint8ClampedArray,
          readonly width: number,
          readonly height: number,
        ) {}
      },
    );
  });

  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it('draws a heatmap of the centred square', () => {
    render(<HeatmapOverlay cam={CAM} photo={PHOTO} />);

    const canvas = screen.getByTestId('heatmap-canvas') as HTMLCanvasElement;
    expect(canvas.width).toBe(200);
    expect(canvas.height).toBe(200);
    expect(putImageData).toHaveBeenCalledTimes(1);
    const image = putImageData.mock.calls[0]![0] as ImageData;
    expect(image.width).toBe(200);
    expect(image.data).toHaveLength(200 * 200 * 4);
  });

  it('caps the canvas size for large photos', () => {
    render(
      <HeatmapOverlay
        cam={CAM}
        photo={{
          previewUrl: 'blob:big',
          pixels: { width: 4000, height: 3000 },
        }}
      />,
    );
    const canvas = screen.getByTestId('heatmap-canvas') as HTMLCanvasElement;
    expect(canvas.width).toBe(MAX_HEATMAP_SIDE_PX);
  });

  it('names where the strongest push is', () => {
    render(<HeatmapOverlay cam={CAM} photo={PHOTO} />);
    expect(screen.getByTestId('heatmap-summary')).toHaveTextContent(
      'The strongest push toward malignant is in the top right of the ' +
        'analysed square.',
    );
  });

  it('says so when nothing points toward malignant', () => {
    const negative = { ...CAM, values: [-1, -3, -0.5, -2] };
    render(<HeatmapOverlay cam={negative} photo={PHOTO} />);
    expect(screen.getByTestId('heatmap-summary')).toHaveTextContent(
      'No part of the photo pushed the result toward malignant',
    );
  });

  it('sets the overlay opacity with a labelled slider', () => {
    render(<HeatmapOverlay cam={CAM} photo={PHOTO} />);
    const slider = screen.getByRole('slider', { name: 'Heatmap opacity' });
    const canvas = screen.getByTestId('heatmap-canvas');
    expect(slider).toHaveValue(String(DEFAULT_OPACITY_PERCENT));
    expect(canvas.style.opacity).toBe(String(DEFAULT_OPACITY_PERCENT / 100));

    fireEvent.change(slider, { target: { value: '25' } });

    expect(canvas.style.opacity).toBe('0.25');
    expect(slider).toHaveAttribute('aria-valuetext', '25 percent');
  });

  it('labels both ends of the legend', () => {
    render(<HeatmapOverlay cam={CAM} photo={PHOTO} />);
    const legend = screen.getByTestId('heatmap-legend');
    expect(legend).toHaveTextContent('No push toward malignant');
    expect(legend).toHaveTextContent('Strongest push in this photo');
  });

  it('shows the photo under the heatmap', () => {
    render(<HeatmapOverlay cam={CAM} photo={PHOTO} />);
    expect(
      screen.getByRole('img', { name: 'The analysed square of the photo' }),
    ).toHaveAttribute('src', 'blob:photo');
  });
});
