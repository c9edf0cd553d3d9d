// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { QUALITY_MESSAGES } from '../../../src/quality/assess';
import { QualityWarnings } from '../../../src/quality/QualityWarnings';

/** Makes a flat grey photo, with no edges, no lesion and no colour. */
function flatPhoto(level: number) {
  const data = new Uint8ClampedArray(64 * 64 * 4).fill(level);
  for (let i = 3; i < data.length; i += 4) {
    data[i] = 255;
  }
  return { data, width: 64, height: 64 };
}

describe('QualityWarnings', () => {
  it('lists each problem with its hint', () => {
    render(<QualityWarnings pixels={flatPhoto(150)} />);
    const section = screen.getByRole('region', {
      name: 'Check the photo before you analyse it',
    });
    const items = within(section).getAllByRole('listitem');
    expect(items.map((item) => item.dataset.code)).toEqual([
      'greyscale',
      'blurry',
      'lesion_small',
    ]);
    expect(items[1]).toHaveTextContent(QUALITY_MESSAGES.blurry);
    expect(section).toHaveTextContent('You can still analyse this photo');
  });

  it('shows only the exposure problem of a black photo', () => {
    render(<QualityWarnings pixels={flatPhoto(0)} />);
    const items = screen.getAllByRole('listitem');
    expect(items.map((item) => item.dataset.code)).toEqual(['underexposed']);
  });

  it('renders nothing when the checks fail to run', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { container } = render(
      <QualityWarnings
        pixels={{ data: new Uint8Array(3), width: 4, height: 4 }}
      />,
    );
    expect(container).toBeEmptyDOMElement();
    expect(console.error).toHaveBeenCalledWith(
      'Checking the photo quality failed',
      expect.any(RangeError),
    );
  });
});
