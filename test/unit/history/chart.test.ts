import { describe, expect, it } from 'vitest';

import {
  CHART_SIZE,
  chartGeometry,
  describeChart,
  findCrossings,
  type ChartInput,
} from '../../../src/history/chart';

function input(
  id: string,
  analysedAt: string,
  malignant: number,
  threshold = 0.3,
): ChartInput {
  return { id, analysedAt, malignant, threshold };
}

const plotLeft = CHART_SIZE.left;
const plotRight = CHART_SIZE.width - CHART_SIZE.right;
const plotTop = CHART_SIZE.top;
const plotBottom = CHART_SIZE.height - CHART_SIZE.bottom;

describe('findCrossings', () => {
  it('finds rises from below to at or above', () => {
    const inputs = [
      input('a', '2025-01-01T00:00:00.000Z', 0.1),
      input('b', '2025-02-01T00:00:00.000Z', 0.3),
      input('c', '2025-03-01T00:00:00.000Z', 0.2),
      input('d', '2025-04-01T00:00:00.000Z', 0.5),
      input('e', '2025-05-01T00:00:00.000Z', 0.6),
    ];
    expect(findCrossings(inputs)).toEqual([1, 3]);
  });

  it('ignores falls and rises that stay below', () => {
    const inputs = [
      input('a', '2025-01-01T00:00:00.000Z', 0.5),
      input('b', '2025-02-01T00:00:00.000Z', 0.1),
      input('c', '2025-03-01T00:00:00.000Z', 0.29),
    ];
    expect(findCrossings(inputs)).toEqual([]);
  });

  it('uses each analysis its own threshold', () => {
    // 0.25 was below 0.3 then; 0.28 is above a later model's 0.2.
    const inputs = [
      input('a', '2025-01-01T00:00:00.000Z', 0.25, 0.3),
      input('b', '2025-02-01T00:00:00.000Z', 0.28, 0.2),
    ];
    expect(findCrossings(inputs)).toEqual([1]);
  });
});

describe('chartGeometry', () => {
  it('places points on a time axis', () => {
    const geometry = chartGeometry([
      input('late', '2025-03-01T00:00:00.000Z', 1),
      input('early', '2025-01-01T00:00:00.000Z', 0),
      input('middle', '2025-01-31T00:00:00.000Z', 0.5),
    ]);

    expect(geometry.points.map((point) => point.id)).toEqual([
      'early',
      'middle',
      'late',
    ]);
    const [early, middle, late] = geometry.points;
    expect(early!.x).toBe(plotLeft);
    expect(late!.x).toBe(plotRight);
    // January has 30 of the 59 days from 1 January to 1 March.
    expect(middle!.x).toBeCloseTo(
      plotLeft + (30 / 59) * (plotRight - plotLeft),
    );
    expect(early!.y).toBe(plotBottom);
    expect(late!.y).toBe(plotTop);
    expect(middle!.y).toBe((plotTop + plotBottom) / 2);
  });

  it('marks points at or above the threshold', () => {
    const { points } = chartGeometry([
      input('a', '2025-01-01T00:00:00.000Z', 0.3),
      input('b', '2025-02-01T00:00:00.000Z', 0.299),
    ]);
    expect(points.map((point) => point.aboveThreshold)).toEqual([true, false]);
  });

  it('centres a single analysis', () => {
    const geometry = chartGeometry([
      input('only', '2025-01-01T00:00:00.000Z', 0.5),
    ]);
    expect(geometry.points[0]!.x).toBe((plotLeft + plotRight) / 2);
    expect(geometry.line).toMatch(/^M[\d.]+,[\d.]+$/);
    // The threshold still spans the plot.
    expect(geometry.threshold).toMatch(
      new RegExp(`^M${plotLeft},[\\d.]+ L${plotRight},[\\d.]+$`),
    );
  });

  it('returns each crossing with its points', () => {
    const { crossings } = chartGeometry([
      input('b', '2025-02-01T00:00:00.000Z', 0.4),
      input('a', '2025-01-01T00:00:00.000Z', 0.1),
    ]);
    expect(crossings).toHaveLength(1);
    expect(crossings[0]!.from.id).toBe('a');
    expect(crossings[0]!.to.id).toBe('b');
  });

  it('draws grid lines at every 25 %', () => {
    const { grid } = chartGeometry([]);
    expect(grid.map((line) => line.percent)).toEqual([0, 25, 50, 75, 100]);
    expect(grid[0]!.y).toBe(plotBottom);
    expect(grid[4]!.y).toBe(plotTop);
  });
});

describe('describeChart', () => {
  it('summarises a rise across the threshold', () => {
    expect(
      describeChart([
        input('a', '2025-01-15T12:00:00.000Z', 0.12),
        input('b', '2025-02-15T12:00:00.000Z', 0.2),
        input('c', '2025-04-02T12:00:00.000Z', 0.41),
      ]),
    ).toBe(
      'Malignant probability went from 12.0 % on 15 Jan 2025 to 41.0 % on ' +
        '2 Apr 2025 over 3 analyses. It rose above the referral threshold ' +
        'between 15 Feb 2025 and 2 Apr 2025.',
    );
  });

  it('summarises one analysis', () => {
    expect(describeChart([input('a', '2025-01-15T12:00:00.000Z', 0.05)])).toBe(
      'One analysis, on 15 Jan 2025: malignant probability 5.0 %.',
    );
  });

  it('counts unreliable results', () => {
    expect(
      describeChart([
        input('a', '2025-01-15T12:00:00.000Z', 0.12),
        { ...input('b', '2025-02-15T12:00:00.000Z', 0.02), unreliable: true },
        { ...input('c', '2025-04-02T12:00:00.000Z', 0.01), unreliable: true },
      ]),
    ).toMatch(/ over 3 analyses\. 2 of 3 results are unreliable\.$/);
  });

  it('marks one unreliable analysis', () => {
    expect(
      describeChart([
        { ...input('a', '2025-01-15T12:00:00.000Z', 0.05), unreliable: true },
      ]),
    ).toBe(
      'One analysis, on 15 Jan 2025: malignant probability 5.0 %. The ' +
        'result is unreliable.',
    );
  });

  it('says when there is nothing to show', () => {
    expect(describeChart([])).toBe('No analyses yet.');
  });
});
