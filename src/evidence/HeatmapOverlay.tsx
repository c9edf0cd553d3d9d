import { useEffect, useId, useMemo, useRef, useState } from 'react';

import type { CamGrid } from '../shared/messages';
import { heatmapToRgba, legendGradient } from './colour-scale';
import './heatmap.css';
import { camHeatmap, peakRegion } from './heatmap';

/**
 * Largest side of the heatmap canvas, in pixels. The frame shows at most
 * 20rem (320 CSS pixels), so 512 stays sharp at a device pixel ratio of
 * 1.6 and keeps the computation under 300,000 pixels.
 */
export const MAX_HEATMAP_SIDE_PX = 512;

/** Overlay opacity before the user moves the slider, in percent. */
export const DEFAULT_OPACITY_PERCENT = 60;

const OPACITY_STEP_PERCENT = 5;

/** The photo fields the overlay reads, a subset of `Photo` (src/app/use-photo.ts). */
export interface AnalysedPhoto {
  previewUrl: string;
  pixels: { width: number; height: number };
}

interface HeatmapOverlayProps {
  cam: CamGrid;
  /**
   * The analysed photo, or a copy with the same aspect ratio: its URL and
   * size in pixels.
   */
  photo: AnalysedPhoto;
  /** Text alternative of the photo under the heatmap. */
  photoAlt?: string;
  /** Level of the section heading, so it fits the page's outline. */
  headingLevel?: 3 | 4;
}

/**
 * Shows where the model found evidence toward malignant, as a heatmap over
 * the centred square that the model analysed, with an opacity slider and
 * a legend.
 */
export function HeatmapOverlay({
  cam,
  photo,
  photoAlt = 'The analysed square of the photo',
  headingLevel = 3,
}: HeatmapOverlayProps) {
  // Ids from useId, because the history can show several overlays.
  const headingId = useId();
  const opacityId = useId();
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  const { width, height } = photo.pixels;
  const side = Math.min(width, height, MAX_HEATMAP_SIDE_PX);
  const heatmap = useMemo(() => camHeatmap(cam, side, side), [cam, side]);
  const region = peakRegion(heatmap);
  const [opacity, setOpacity] = useState(DEFAULT_OPACITY_PERCENT);
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const context = canvasRef.current?.getContext('2d');
    if (!context) {
      console.warn('No 2D canvas context, so the heatmap is not drawn');
      return;
    }
    const pixels = new ImageData(
      heatmapToRgba(heatmap),
      heatmap.width,
      heatmap.height,
    );
    context.putImageData(pixels, 0, 0);
  }, [heatmap]);

  return (
    <section className="heatmap" aria-labelledby={headingId}>
      <Heading id={headingId}>Where the model looked</Heading>
      <figure className="heatmap-figure">
        <div className="heatmap-frame">
          <img src={photo.previewUrl} alt={photoAlt} />
          <canvas
            ref={canvasRef}
            width={heatmap.width}
            height={heatmap.height}
            style={{ opacity: opacity / 100 }}
            aria-hidden="true"
            data-testid="heatmap-canvas"
          />
        </div>
        <figcaption data-testid="heatmap-summary">
          {region
            ? `The strongest push toward malignant is in the ${region} of ` +
              'the analysed square.'
            : 'No part of the photo pushed the result toward malignant, ' +
              'so the heatmap is empty.'}
        </figcaption>
      </figure>

      <div className="heatmap-legend" data-testid="heatmap-legend">
        <span
          className="heatmap-legend-bar"
          style={{ backgroundImage: legendGradient() }}
          aria-hidden="true"
        />
        <span className="heatmap-legend-labels">
          <span>No push toward malignant</span>
          <span>Strongest push in this photo</span>
        </span>
      </div>
      <p className="hint">
        Coloured areas pushed the result toward malignant, and yellow marks the
        strongest push. Clear areas did not. The colours are relative to this
        photo, so they do not show how likely the lesion is to be malignant.
      </p>

      <label htmlFor={opacityId}>Heatmap opacity</label>
      <input
        id={opacityId}
        type="range"
        min={0}
        max={100}
        step={OPACITY_STEP_PERCENT}
        value={opacity}
        aria-valuetext={`${opacity} percent`}
        onChange={(event) => setOpacity(Number(event.target.value))}
      />
    </section>
  );
}
