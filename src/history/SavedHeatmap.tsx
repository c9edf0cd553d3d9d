import { useId, useMemo, useState } from 'react';

import { HeatmapOverlay } from '../evidence/HeatmapOverlay';
import type { CamGrid } from '../shared/messages';
import { toDataUrl } from './data-url';
import type { StoredPhoto } from './records';

interface SavedHeatmapProps {
  /** The saved grid, or null for analyses saved without one. */
  cam: CamGrid | null;
  photo: StoredPhoto;
  /** Name of the analysis in labels, such as "left mole, 10 Jan 2025". */
  subject: string;
}

/**
 * Shows a saved analysis's heatmap over its saved photo on request. The
 * copy keeps the photo's aspect ratio (`fitWithin` in photo-copy.ts), so
 * the overlay's centred square is the square the model analysed.
 */
export function SavedHeatmap({ cam, photo, subject }: SavedHeatmapProps) {
  const panelId = useId();
  const [shown, setShown] = useState(false);

  if (!cam) {
    return (
      <p className="muted" data-testid="timeline-no-heatmap">
        No heatmap was saved with this analysis.
      </p>
    );
  }
  return (
    <>
      <button
        type="button"
        className="secondary"
        aria-expanded={shown}
        aria-controls={panelId}
        aria-label={`${shown ? 'Hide' : 'Show'} heatmap of ${subject}`}
        onClick={() => setShown(!shown)}
      >
        {shown ? 'Hide heatmap' : 'Show heatmap'}
      </button>
      <div id={panelId}>
        {shown && (
          <SavedHeatmapPanel cam={cam} photo={photo} subject={subject} />
        )}
      </div>
    </>
  );
}

function SavedHeatmapPanel({
  cam,
  photo,
  subject,
}: {
  cam: CamGrid;
  photo: StoredPhoto;
  subject: string;
}) {
  const previewUrl = useMemo(() => toDataUrl(photo.type, photo.bytes), [photo]);
  return (
    <HeatmapOverlay
      cam={cam}
      photo={{
        previewUrl,
        pixels: { width: photo.width, height: photo.height },
      }}
      photoAlt={`Analysed square of the photo of ${subject}`}
      headingLevel={4}
    />
  );
}
