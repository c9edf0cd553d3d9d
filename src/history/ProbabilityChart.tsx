import { useId } from 'react';

import {
  CHART_SIZE,
  chartGeometry,
  describeChart,
  type ChartInput,
  type ChartPoint,
} from './chart';
import { formatDate } from './format';

/** Gap between the y axis and the threshold label, past the first point. */
const THRESHOLD_LABEL_INSET = 12;

/**
 * Returns a point's style: an unreliable result is drawn hollow in the
 * warning colour, so it does not read as a confident refer or monitor.
 */
function pointClass(point: ChartPoint): string {
  if (point.unreliable) {
    return 'unreliable';
  }
  return point.aboveThreshold ? 'refer' : 'monitor';
}

interface ProbabilityChartProps {
  /** Accessible name, e.g. "Malignant probability of left shoulder mole". */
  title: string;
  analyses: readonly ChartInput[];
}

/**
 * Draws the malignant probability over time as a line chart, with the referral
 * threshold dashed, each rise across it drawn in the refer colour and
 * unreliable results as hollow points.
 */
export function ProbabilityChart({ title, analyses }: ProbabilityChartProps) {
  const titleId = useId();
  const summaryId = useId();
  const { points, line, threshold, thresholdStart, crossings, grid } =
    chartGeometry(analyses);
  const size = CHART_SIZE;
  const first = points[0];
  const last = points[points.length - 1];

  return (
    <figure className="probability-chart">
      <svg
        viewBox={`0 0 ${size.width} ${size.height}`}
        role="img"
        aria-labelledby={titleId}
        aria-describedby={summaryId}
      >
        <title id={titleId}>{title}</title>
        <g className="chart-grid">
          {grid.map(({ y, percent }) => (
            <g key={percent}>
              <line x1={size.left} x2={size.width - size.right} y1={y} y2={y} />
              <text x={size.left - 6} y={y}>
                {percent} %
              </text>
            </g>
          ))}
        </g>
        <path className="chart-threshold" d={threshold} />
        {thresholdStart && (
          <text
            className="chart-threshold-label"
            x={size.left + THRESHOLD_LABEL_INSET}
            y={thresholdStart.y - 6}
          >
            Referral threshold
          </text>
        )}
        <path className="chart-line" d={line} />
        {crossings.map(({ from, to }) => (
          <line
            key={to.id}
            className="chart-crossing"
            data-testid="chart-crossing"
            x1={from.x}
            y1={from.y}
            x2={to.x}
            y2={to.y}
          />
        ))}
        {points.map((point) => (
          <circle
            key={point.id}
            className={`chart-point ${pointClass(point)}`}
            data-testid={point.unreliable ? 'chart-unreliable' : undefined}
            cx={point.x}
            cy={point.y}
            r={5}
          />
        ))}
        <g className="chart-dates">
          {first && (
            <text
              x={first.x}
              y={size.height - 12}
              textAnchor={first === last ? 'middle' : 'start'}
            >
              {formatDate(first.analysedAt)}
            </text>
          )}
          {last && last !== first && (
            <text x={last.x} y={size.height - 12} textAnchor="end">
              {formatDate(last.analysedAt)}
            </text>
          )}
        </g>
      </svg>
      <figcaption id={summaryId} data-testid="chart-summary">
        {describeChart(analyses)}
      </figcaption>
    </figure>
  );
}
