import { useMemo } from 'react';

import type { RgbaImage } from '../preprocess/images';
import { assessQuality, type QualityReport } from './assess';
import './quality.css';

function assessOrNull(pixels: RgbaImage): QualityReport | null {
  try {
    return assessQuality(pixels);
  } catch (error) {
    // The checks only advise, so a failure must not block the analysis.
    console.error('Checking the photo quality failed', error);
    return null;
  }
}

/** Lists what to fix in the photo before analysis; analysis stays open. */
export function QualityWarnings({ pixels }: { pixels: RgbaImage }) {
  const report = useMemo(() => assessOrNull(pixels), [pixels]);
  if (!report || report.issues.length === 0) {
    return null;
  }
  return (
    <section
      className="warning quality-warnings"
      aria-labelledby="quality-heading"
      data-testid="quality-warnings"
    >
      <h3 id="quality-heading">Check the photo before you analyse it</h3>
      <ul>
        {report.issues.map((issue) => (
          <li key={issue.code} data-code={issue.code}>
            {issue.message}
          </li>
        ))}
      </ul>
      <p>
        You can still analyse this photo, but the result may be less reliable.
      </p>
    </section>
  );
}
