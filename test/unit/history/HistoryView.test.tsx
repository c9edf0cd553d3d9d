// @vitest-environment jsdom
import 'fake-indexeddb/auto';

import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { encodeHistoryExport } from '../../../src/history/export-json';
import { HistoryView } from '../../../src/history/HistoryView';
import { HistoryStore } from '../../../src/history/store';
import { makeAnalysis, makeLesion } from '../../helpers/history-records';

const NOTE = '<img src=x onerror="alert(1)"> <b>bold?</b>';

let dbNumber = 0;

function jsonFile(name: string, content: unknown): File {
  return new File([JSON.stringify(content)], name, {
    type: 'application/json',
  });
}

describe('HistoryView', () => {
  let store: HistoryStore;

  beforeEach(() => {
    vi.spyOn(console, 'info').mockImplementation(() => {});
    dbNumber += 1;
    store = new HistoryStore(`history-view-test-${dbNumber}`);
  });

  afterEach(async () => {
    await store.close();
    vi.restoreAllMocks();
  });

  async function saveTwoAnalyses() {
    await store.saveAnalysis(
      makeAnalysis({ malignant: 0.1, note: NOTE }),
      makeLesion(),
    );
    await store.saveAnalysis(
      makeAnalysis({
        id: 'analysis-2',
        analysedAt: '2025-03-01T10:00:00.000Z',
        malignant: 0.5,
        note: '',
      }),
    );
  }

  it('explains an empty history', async () => {
    render(<HistoryView manifest={null} store={store} />);
    expect(await screen.findByTestId('history-empty')).toHaveTextContent(
      'No analyses are saved yet.',
    );
    expect(screen.getByLabelText('Import a history file (JSON)')).toBeEnabled();
  });

  it('lists lesions with their latest result', async () => {
    await saveTwoAnalyses();
    render(<HistoryView manifest={null} store={store} />);

    const button = await screen.findByRole('button', {
      name: /^left shoulder mole/,
    });
    expect(button).toHaveTextContent(
      'Back · 2 analyses · latest 1 Mar 2025: 50.0 %, Refer to a dermatologist',
    );
    expect(
      screen.getByRole('radio', { name: 'Back, 1 tracked lesion' }),
    ).toBeInTheDocument();
  });

  it('filters lesions by body site', async () => {
    await saveTwoAnalyses();
    await store.saveAnalysis(
      makeAnalysis({ id: 'face-1', lesionId: 'lesion-2' }),
      makeLesion({ id: 'lesion-2', name: 'cheek spot', site: 'face' }),
    );
    const user = userEvent.setup();
    render(<HistoryView manifest={null} store={store} />);
    const list = await screen.findByTestId('lesion-list');
    await waitFor(() =>
      expect(within(list).getAllByRole('button')).toHaveLength(2),
    );

    await user.click(screen.getByRole('radio', { name: /^Face/ }));
    expect(within(list).getAllByRole('button')).toHaveLength(1);
    expect(within(list).getByRole('button')).toHaveTextContent('cheek spot');

    await user.click(
      screen.getByRole('button', { name: 'Show lesions of all sites' }),
    );
    expect(within(list).getAllByRole('button')).toHaveLength(2);
  });

  it('shows a timeline with notes as text', async () => {
    await saveTwoAnalyses();
    const user = userEvent.setup();
    render(<HistoryView manifest={null} store={store} />);
    await user.click(
      await screen.findByRole('button', { name: /^left shoulder mole/ }),
    );

    const entries = await screen.findAllByTestId('timeline-entry');
    expect(entries).toHaveLength(2);
    expect(screen.getByTestId('timeline-note').textContent).toBe(NOTE);
    expect(document.querySelector('img[src="x"]')).toBeNull();
    expect(document.querySelector('.history b')).toBeNull();
    expect(
      screen.getByRole('img', {
        name: 'Malignant probability of left shoulder mole over time',
      }),
    ).toHaveAccessibleDescription(/It rose above the referral threshold/);
    expect(screen.getAllByTestId('chart-crossing')).toHaveLength(1);
    const photos = screen.getAllByRole('img', {
      name: /^Photo of left shoulder mole/,
    });
    expect(photos[0]).toHaveAttribute(
      'src',
      expect.stringMatching(/^data:image\/jpeg;base64,/),
    );
  });

  /** Saves a reliable analysis, then an unreliable low-risk one. */
  async function saveUnreliableLatest() {
    await store.saveAnalysis(makeAnalysis({ malignant: 0.1 }), makeLesion());
    const unreliable = makeAnalysis({
      id: 'analysis-2',
      analysedAt: '2025-03-01T10:00:00.000Z',
      malignant: 0.014,
    });
    unreliable.result.flags = ['blurry', 'underexposed', 'out_of_distribution'];
    await store.saveAnalysis(unreliable);
  }

  it('marks an unreliable latest result in the list', async () => {
    await saveUnreliableLatest();
    render(<HistoryView manifest={null} store={store} />);

    const button = await screen.findByRole('button', {
      name: /^left shoulder mole/,
    });
    expect(within(button).getByTestId('lesion-unreliable')).toHaveTextContent(
      'Latest: unreliable result',
    );
    expect(button).toHaveTextContent(
      'latest 1 Mar 2025: 1.4 %, Low risk: monitor for change · Photo ' +
        'warnings: blurry, too dark.',
    );
  });

  it('marks an uncertain result in the list and timeline', async () => {
    await store.saveAnalysis(makeAnalysis({ malignant: 0.1 }), makeLesion());
    const uncertain = makeAnalysis({
      id: 'analysis-2',
      analysedAt: '2025-03-01T10:00:00.000Z',
      malignant: 0.014,
    });
    uncertain.result.flags = ['outputs_disagree'];
    await store.saveAnalysis(uncertain);
    const user = userEvent.setup();
    render(<HistoryView manifest={null} store={store} />);

    const button = await screen.findByRole('button', {
      name: /^left shoulder mole/,
    });
    expect(within(button).getByTestId('lesion-uncertain')).toHaveTextContent(
      'Latest: uncertain result',
    );
    await user.click(button);
    const entries = await screen.findAllByTestId('timeline-entry');
    const entry = entries[1]!;
    expect(within(entry).getByTestId('saved-uncertain')).toHaveTextContent(
      /^Uncertain result: the malignant probability and the diagnosis table disagreed/,
    );
    const risk = within(entry).getByTestId('timeline-risk');
    expect(risk).toHaveClass('unreliable');
    expect(risk).not.toHaveClass('monitor');
    expect(within(entry).queryByTestId('saved-quality')).toBeNull();
  });

  it('lists no mark for a reliable latest result', async () => {
    await saveTwoAnalyses();
    render(<HistoryView manifest={null} store={store} />);

    const button = await screen.findByRole('button', {
      name: /^left shoulder mole/,
    });
    expect(within(button).queryByTestId('lesion-unreliable')).toBeNull();
    expect(button).not.toHaveTextContent('Photo warnings');
  });

  it('marks unreliable results in the timeline', async () => {
    await saveUnreliableLatest();
    const user = userEvent.setup();
    render(<HistoryView manifest={null} store={store} />);
    await user.click(
      await screen.findByRole('button', { name: /^left shoulder mole/ }),
    );

    const [reliable, unreliable] =
      await screen.findAllByTestId('timeline-entry');
    expect(within(reliable!).queryByTestId('saved-unreliable')).toBeNull();
    expect(within(reliable!).queryByTestId('saved-quality')).toBeNull();
    expect(within(reliable!).getByTestId('timeline-risk')).toHaveClass(
      'monitor',
    );

    expect(within(unreliable!).getByTestId('saved-unreliable')).toHaveClass(
      'warning',
    );
    expect(
      within(unreliable!).getByTestId('saved-unreliable'),
    ).toHaveTextContent(/^Unreliable result: the photo did not look like/);
    expect(within(unreliable!).getByTestId('saved-quality')).toHaveTextContent(
      'Photo warnings: blurry, too dark.',
    );
    const risk = within(unreliable!).getByTestId('timeline-risk');
    expect(risk).toHaveTextContent('Low risk: monitor for change');
    expect(risk).toHaveClass('unreliable');
    expect(risk).not.toHaveClass('monitor');

    expect(screen.getAllByTestId('chart-unreliable')).toHaveLength(1);
    expect(
      screen.getByRole('img', {
        name: 'Malignant probability of left shoulder mole over time',
      }),
    ).toHaveAccessibleDescription(/1 of 2 results is unreliable\.$/);
  });

  it('says when warnings were not recorded', async () => {
    const unknown = makeAnalysis();
    unknown.result.flags = null;
    await store.saveAnalysis(unknown, makeLesion());
    const user = userEvent.setup();
    render(<HistoryView manifest={null} store={store} />);
    await user.click(
      await screen.findByRole('button', { name: /^left shoulder mole/ }),
    );

    const entry = await screen.findByTestId('timeline-entry');
    expect(within(entry).getByTestId('saved-flags-unknown')).toHaveTextContent(
      'Photo warnings were not recorded for this analysis.',
    );
    expect(within(entry).queryByTestId('saved-unreliable')).toBeNull();
  });

  it('offers the heatmap of analyses with a grid', async () => {
    await store.saveAnalysis(makeAnalysis(), makeLesion());
    const withoutGrid = makeAnalysis({
      id: 'analysis-2',
      analysedAt: '2025-03-01T10:00:00.000Z',
    });
    withoutGrid.result.cam = null;
    await store.saveAnalysis(withoutGrid);
    const user = userEvent.setup();
    render(<HistoryView manifest={null} store={store} />);
    await user.click(
      await screen.findByRole('button', { name: /^left shoulder mole/ }),
    );

    const [first, second] = await screen.findAllByTestId('timeline-entry');
    expect(
      within(first!).getByRole('button', {
        name: /^Show heatmap of left shoulder mole, /,
      }),
    ).toHaveAttribute('aria-expanded', 'false');
    expect(within(first!).queryByTestId('timeline-no-heatmap')).toBeNull();
    expect(within(second!).queryByRole('button', { name: /heatmap/ })).toBe(
      null,
    );
    expect(
      within(second!).getByTestId('timeline-no-heatmap'),
    ).toHaveTextContent('No heatmap was saved with this analysis.');
  });

  it('deletes an analysis only after confirming', async () => {
    await saveTwoAnalyses();
    const user = userEvent.setup();
    render(<HistoryView manifest={null} store={store} />);
    await user.click(
      await screen.findByRole('button', { name: /^left shoulder mole/ }),
    );
    const [first] = await screen.findAllByTestId('timeline-entry');

    await user.click(
      within(first!).getByRole('button', { name: /^Delete the analysis of/ }),
    );
    const cancel = within(first!).getByRole('button', { name: 'Cancel' });
    expect(cancel).toHaveFocus();
    await user.click(cancel);
    expect(await store.counts()).toEqual({ lesions: 1, analyses: 2 });

    await user.click(
      within(first!).getByRole('button', { name: /^Delete the analysis of/ }),
    );
    await user.click(
      within(first!).getByRole('button', { name: 'Delete the analysis' }),
    );
    await waitFor(() =>
      expect(screen.getAllByTestId('timeline-entry')).toHaveLength(1),
    );
    expect(await store.listAnalyses('lesion-1')).toHaveLength(1);
    expect(screen.getByTestId('history-status')).toHaveTextContent(
      'The analysis was deleted.',
    );
  });

  it('deletes everything after confirming', async () => {
    await saveTwoAnalyses();
    const user = userEvent.setup();
    render(<HistoryView manifest={null} store={store} />);
    await user.click(
      await screen.findByRole('button', { name: 'Delete the whole history' }),
    );
    expect(
      screen.getByRole('group', { name: 'Delete the whole history' }),
    ).toHaveTextContent(
      'Delete the 1 lesion and their analyses from this device?',
    );
    await user.click(screen.getByRole('button', { name: 'Delete everything' }));

    expect(await screen.findByTestId('history-empty')).toBeInTheDocument();
    expect(await store.counts()).toEqual({ lesions: 0, analyses: 0 });
  });

  it('imports a valid file', async () => {
    const user = userEvent.setup();
    render(<HistoryView manifest={null} store={store} />);
    const file = jsonFile(
      'backup.json',
      encodeHistoryExport(
        [makeLesion()],
        [makeAnalysis()],
        new Date('2025-05-01T00:00:00.000Z'),
        '1.0.0',
      ),
    );

    await user.upload(
      await screen.findByLabelText('Import a history file (JSON)'),
      file,
    );

    await waitFor(() =>
      expect(screen.getByTestId('history-status')).toHaveTextContent(
        'Imported 1 analysis and 1 new lesion from "backup.json".',
      ),
    );
    expect(await store.counts()).toEqual({ lesions: 1, analyses: 1 });
  });

  it('rejects an invalid file and changes nothing', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    await saveTwoAnalyses();
    const user = userEvent.setup();
    render(<HistoryView manifest={null} store={store} />);
    const content = encodeHistoryExport(
      [makeLesion({ id: 'new-lesion' })],
      [makeAnalysis({ id: 'new', lesionId: 'new-lesion' })],
      new Date(),
      '1.0.0',
    );
    (content.analyses[0]!.result as { malignant: number }).malignant = -1;

    await user.upload(
      await screen.findByLabelText('Import a history file (JSON)'),
      jsonFile('bad.json', content),
    );

    expect(await screen.findByRole('alert')).toHaveTextContent(
      /^"bad\.json" was not imported\. analyses\[0\]\.result\.malignant is invalid .* Nothing was changed\. Choose a file that OncoScan exported\.$/,
    );
    expect(await store.counts()).toEqual({ lesions: 1, analyses: 2 });
  });

  it('exports the history as JSON', async () => {
    await saveTwoAnalyses();
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:export';
    });
    URL.revokeObjectURL = vi.fn();
    const click = vi
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    const user = userEvent.setup();
    render(<HistoryView manifest={null} store={store} />);

    await user.click(
      await screen.findByRole('button', { name: 'Export as JSON' }),
    );

    await waitFor(() => expect(click).toHaveBeenCalledTimes(1));
    const link = click.mock.contexts[0] as HTMLAnchorElement;
    expect(link.download).toMatch(/^oncoscan-history-\d{4}-\d{2}-\d{2}\.json$/);
    const json = JSON.parse(await blobs[0]!.text());
    expect(json.format).toBe('oncoscan-history');
    expect(json.appVersion).toBe('0.0.0-test');
    expect(json.analyses).toHaveLength(2);
    expect(json.lesions).toHaveLength(1);
  });
});
