// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { toDataUrl } from '../../../src/history/data-url';
import { SavedHeatmap } from '../../../src/history/SavedHeatmap';
import type { CamGrid } from '../../../src/shared/messages';
import { makeAnalysis } from '../../helpers/history-records';

/** A saved 300 x 200 copy, so the analysed square is 200 pixels. */
const PHOTO = { ...makeAnalysis().photo, width: 300, height: 200 };

/** Strongest push toward malignant in the bottom-left cell. */
const CAM: CamGrid = { rows: 2, columns: 2, values: [0, -1, 4, 1] };

const SUBJECT = 'left shoulder mole, 10 Jan 2025, 10:00';

/** jsdom has no canvas drawing, so the 2D context records its calls. */
const putImageData = vi.fn();

describe('SavedHeatmap', () => {
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

  it('explains a missing grid', () => {
    render(<SavedHeatmap cam={null} photo={PHOTO} subject={SUBJECT} />);

    expect(screen.getByTestId('timeline-no-heatmap')).toHaveTextContent(
      'No heatmap was saved with this analysis.',
    );
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('shows the heatmap on request', async () => {
    const user = userEvent.setup();
    render(<SavedHeatmap cam={CAM} photo={PHOTO} subject={SUBJECT} />);
    const toggle = screen.getByRole('button', {
      name: `Show heatmap of ${SUBJECT}`,
    });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByTestId('heatmap-canvas')).toBeNull();

    await user.click(toggle);

    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(toggle).toHaveAccessibleName(`Hide heatmap of ${SUBJECT}`);
    const panel = document.getElementById(
      toggle.getAttribute('aria-controls')!,
    )!;
    expect(
      within(panel).getByRole('heading', {
        name: 'Where the model looked',
        level: 4,
      }),
    ).toBeInTheDocument();
    const photo = within(panel).getByRole('img', {
      name: `Analysed square of the photo of ${SUBJECT}`,
    });
    expect(photo).toHaveAttribute('src', toDataUrl(PHOTO.type, PHOTO.bytes));
    const canvas = within(panel).getByTestId(
      'heatmap-canvas',
    ) as HTMLCanvasElement;
    expect([canvas.width, canvas.height]).toEqual([200, 200]);
    expect(putImageData).toHaveBeenCalledTimes(1);
    expect(within(panel).getByTestId('heatmap-summary')).toHaveTextContent(
      'The strongest push toward malignant is in the bottom left of the ' +
        'analysed square.',
    );
  });

  it('hides the heatmap again', async () => {
    const user = userEvent.setup();
    render(<SavedHeatmap cam={CAM} photo={PHOTO} subject={SUBJECT} />);
    await user.click(screen.getByRole('button', { name: /^Show heatmap/ }));
    await user.click(screen.getByRole('button', { name: /^Hide heatmap/ }));

    expect(screen.queryByTestId('heatmap-canvas')).toBeNull();
    expect(
      screen.getByRole('button', { name: `Show heatmap of ${SUBJECT}` }),
    ).toHaveAttribute('aria-expanded', 'false');
  });

  it('labels each of several open sliders', async () => {
    const user = userEvent.setup();
    render(
      <>
        <SavedHeatmap cam={CAM} photo={PHOTO} subject="first" />
        <SavedHeatmap cam={CAM} photo={PHOTO} subject="second" />
      </>,
    );
    await user.click(screen.getByRole('button', { name: /of first$/ }));
    await user.click(screen.getByRole('button', { name: /of second$/ }));

    const sliders = screen.getAllByRole('slider', { name: 'Heatmap opacity' });
    expect(sliders).toHaveLength(2);
    expect(sliders[0]!.id).not.toBe(sliders[1]!.id);
    const headings = screen.getAllByRole('heading', {
      name: 'Where the model looked',
    });
    expect(headings).toHaveLength(2);
  });
});
