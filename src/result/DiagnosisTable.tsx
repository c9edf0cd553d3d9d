import type { ModelManifest } from '../shared/manifest';
import { formatPercent, rankDiagnoses } from './interpret';

interface DiagnosisTableProps {
  manifest: ModelManifest;
  diagnosis: readonly number[];
  /** Marks the probabilities unreliable for an out-of-distribution photo. */
  unreliable?: boolean;
}

export function DiagnosisTable({
  manifest,
  diagnosis,
  unreliable = false,
}: DiagnosisTableProps) {
  const rows = rankDiagnoses(manifest, diagnosis);
  return (
    <table className="diagnoses">
      <caption>
        Probability of each diagnosis
        {unreliable && ' (unreliable for this photo)'}
      </caption>
      <thead>
        <tr>
          <th scope="col">Diagnosis</th>
          <th scope="col">Probability</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.code} data-code={row.code}>
            <th scope="row">
              {row.name}
              {row.malignant && <span className="tag">malignant</span>}
            </th>
            <td>
              <span className="bar" aria-hidden="true">
                <span
                  className="bar-fill"
                  style={{ width: `${Math.round(row.probability * 100)}%` }}
                />
              </span>
              <span className="percent">{formatPercent(row.probability)}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
