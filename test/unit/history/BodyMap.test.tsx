// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';

import { BodyMap } from '../../../src/history/BodyMap';
import { BODY_MAP_REGIONS } from '../../../src/history/body-map-regions';
import {
  DEFAULT_VOCABULARY,
  type HistoryVocabulary,
} from '../../../src/history/vocabulary';

function ControlledMap({
  vocabulary = DEFAULT_VOCABULARY,
  initial = null,
  counts,
}: {
  vocabulary?: HistoryVocabulary;
  initial?: string | null;
  counts?: Record<string, number>;
}) {
  const [site, setSite] = useState<string | null>(initial);
  return (
    <>
      <button type="button">Before</button>
      <BodyMap
        label="Where the lesion is"
        vocabulary={vocabulary}
        value={site}
        onChange={setSite}
        counts={counts}
      />
    </>
  );
}

function checkedSite(): string | null {
  const checked = screen
    .getAllByRole('radio')
    .find((radio) => radio.getAttribute('aria-checked') === 'true');
  return checked?.getAttribute('data-site') ?? null;
}

describe('BodyMap', () => {
  it('offers every HAM10000 site except unknown', () => {
    render(<ControlledMap />);
    const group = screen.getByRole('radiogroup', {
      name: 'Where the lesion is',
    });
    expect(group).toBeInTheDocument();
    const sites = screen
      .getAllByRole('radio')
      .map((radio) => radio.getAttribute('data-site'));
    expect([...sites].sort()).toEqual(
      DEFAULT_VOCABULARY.sites.filter((site) => site !== 'unknown').sort(),
    );
    expect(screen.getByRole('radio', { name: 'Arm' })).toBeInTheDocument();
  });

  it('draws every region in both views where it shows', () => {
    for (const region of BODY_MAP_REGIONS) {
      expect(region.paths.length).toBeGreaterThan(0);
    }
    const arms = BODY_MAP_REGIONS.find((r) => r.site === 'upper extremity');
    expect(arms!.paths).toHaveLength(4);
  });

  it('leaves out sites the model does not know', () => {
    render(
      <ControlledMap
        vocabulary={{
          ...DEFAULT_VOCABULARY,
          sites: ['back', 'chest', 'unknown'],
        }}
      />,
    );
    expect(
      screen.getAllByRole('radio').map((r) => r.getAttribute('data-site')),
    ).toEqual(['chest', 'back']);
  });

  it('moves and chooses with the arrow keys', async () => {
    const user = userEvent.setup();
    render(<ControlledMap />);

    await user.click(screen.getByRole('button', { name: 'Before' }));
    await user.tab();
    expect(document.activeElement?.getAttribute('data-site')).toBe('scalp');
    expect(checkedSite()).toBeNull();

    await user.keyboard('{ArrowDown}');
    expect(checkedSite()).toBe('face');
    expect(document.activeElement?.getAttribute('data-site')).toBe('face');
    await user.keyboard('{ArrowUp}{ArrowUp}');
    expect(checkedSite()).toBe('foot');
    await user.keyboard('{Home}');
    expect(checkedSite()).toBe('scalp');
    await user.keyboard('{End}');
    expect(checkedSite()).toBe('foot');
    expect(screen.getByRole('figure')).toHaveTextContent('Chosen site: Foot.');
  });

  it('enters at the chosen site', async () => {
    const user = userEvent.setup();
    render(<ControlledMap initial="back" />);
    await user.click(screen.getByRole('button', { name: 'Before' }));
    await user.tab();
    expect(document.activeElement?.getAttribute('data-site')).toBe('back');
    const tabStops = screen
      .getAllByRole('radio')
      .filter((radio) => radio.getAttribute('tabindex') === '0');
    expect(tabStops).toHaveLength(1);
  });

  it('chooses with a click', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    render(
      <BodyMap
        label="Map"
        vocabulary={DEFAULT_VOCABULARY}
        value={null}
        onChange={onChange}
      />,
    );
    await user.click(screen.getByRole('radio', { name: 'Chest' }));
    expect(onChange).toHaveBeenCalledWith('chest');
  });

  it('names the tracked lesions of each site', () => {
    render(<ControlledMap counts={{ back: 2, face: 1 }} />);
    expect(
      screen.getByRole('radio', { name: 'Back, 2 tracked lesions' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('radio', { name: 'Face, 1 tracked lesion' }),
    ).toBeInTheDocument();
    expect(document.querySelectorAll('.body-map-marker')).toHaveLength(2);
  });
});
