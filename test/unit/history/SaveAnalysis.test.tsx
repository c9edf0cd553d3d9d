// @vitest-environment jsdom
import 'fake-indexeddb/auto';

import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { HistoryError } from '../../../src/history/errors';
import type { StoredPhoto } from '../../../src/history/records';
import { SaveAnalysis } from '../../../src/history/SaveAnalysis';
import { HistoryStore } from '../../../src/history/store';
import { parseManifest } from '../../../src/model/parse-manifest';
import type { Prediction } from '../../../src/shared/messages';
import { buildFakeModel } from '../../helpers/fake-model.mjs';
import {
  JPEG_BYTES,
  makeAnalysis,
  makeLesion,
} from '../../helpers/history-records';

const manifest = parseManifest(buildFakeModel().manifest);

const PREDICTION: Prediction = {
  malignant: 0.42,
  diagnosis: [0.05, 0.05, 0.1, 0.05, 0.5, 0.2, 0.05],
  ood: 10,
  cam: { rows: 2, columns: 2, values: [0.5, -1, 2, 0] },
  backend: 'webgl',
  inferenceMs: 30,
};

const IMAGE = { data: new Uint8ClampedArray(4 * 3 * 4), width: 4, height: 3 };

const PHOTO: StoredPhoto = {
  type: 'image/jpeg',
  width: 4,
  height: 3,
  bytes: new Uint8Array(JPEG_BYTES).buffer,
};

let dbNumber = 0;

describe('SaveAnalysis', () => {
  let store: HistoryStore;
  const makeCopy = vi.fn();

  beforeEach(() => {
    vi.spyOn(console, 'info').mockImplementation(() => {});
    dbNumber += 1;
    store = new HistoryStore(`save-analysis-test-${dbNumber}`);
    makeCopy.mockReset().mockResolvedValue(PHOTO);
  });

  afterEach(async () => {
    await store.close();
    vi.restoreAllMocks();
  });

  function renderForm(prediction = PREDICTION) {
    return render(
      <SaveAnalysis
        manifest={manifest}
        prediction={prediction}
        patient={{ age: 58, sex: 'female', site: 'back' }}
        image={IMAGE}
        store={store}
        makeCopy={makeCopy}
      />,
    );
  }

  it('saves a new lesion with the note', async () => {
    const user = userEvent.setup();
    renderForm();

    expect(screen.getByRole('radio', { name: 'back' })).toHaveAttribute(
      'aria-checked',
      'true',
    );
    await user.type(screen.getByLabelText('Name of the lesion'), ' left mole ');
    await user.type(screen.getByLabelText('Note (optional)'), 'Itchy. ');
    await user.click(screen.getByRole('button', { name: 'Save analysis' }));

    // The status element is always there, so this waits for its text.
    await waitFor(() =>
      expect(screen.getByTestId('save-status')).toHaveTextContent(
        'Saved to “left mole”.',
      ),
    );
    expect(screen.getByRole('button', { name: 'Saved' })).toBeDisabled();
    expect(makeCopy).toHaveBeenCalledWith(IMAGE);
    const [summary] = await store.listLesions();
    expect(summary!.lesion.name).toBe('left mole');
    expect(summary!.lesion.site).toBe('back');
    const saved = summary!.latest!;
    expect(saved.note).toBe('Itchy.');
    expect(saved.patient).toEqual({ age: 58, sex: 'female', site: 'back' });
    expect(saved.result).toEqual({
      malignant: PREDICTION.malignant,
      diagnosis: PREDICTION.diagnosis,
      labels: manifest.labels,
      threshold: manifest.threshold,
      riskCategory: 'refer',
      ood: PREDICTION.ood,
      cam: PREDICTION.cam,
      // Transparent pixels are composited onto white, so the blank test
      // image is overexposed. Its ood score is below the threshold.
      flags: ['overexposed'],
      modelName: manifest.name,
      modelVersion: manifest.version,
    });
    expect(saved.photo).toEqual(PHOTO);
  });

  it('saves the warnings the result showed', async () => {
    const user = userEvent.setup();
    const ood = manifest.ood!.threshold * 2;
    renderForm({ ...PREDICTION, ood });

    await user.type(screen.getByLabelText('Name of the lesion'), 'left mole');
    await user.click(screen.getByRole('button', { name: 'Save analysis' }));

    await screen.findByText('Saved to “left mole”.');
    const [summary] = await store.listLesions();
    expect(summary!.latest!.result.ood).toBe(ood);
    expect(summary!.latest!.result.flags).toEqual([
      'overexposed',
      'out_of_distribution',
    ]);
  });

  it('asks for a name before saving', async () => {
    const user = userEvent.setup();
    renderForm();
    await user.click(screen.getByRole('button', { name: 'Save analysis' }));

    expect(
      screen.getByLabelText('Name of the lesion'),
    ).toHaveAccessibleDescription(
      'Enter a name for the lesion, such as "left shoulder mole".',
    );
    expect(makeCopy).not.toHaveBeenCalled();
    expect(await store.counts()).toEqual({ lesions: 0, analyses: 0 });
  });

  it('adds to an existing lesion', async () => {
    await store.saveAnalysis(makeAnalysis(), makeLesion());
    const user = userEvent.setup();
    renderForm();

    const lesion = screen.getByLabelText('Lesion');
    await screen.findByRole('option', { name: /^left shoulder mole/ });
    await user.selectOptions(lesion, 'lesion-1');
    expect(screen.queryByLabelText('Name of the lesion')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Save analysis' }));

    await screen.findByText('Saved to “left shoulder mole”.');
    expect(await store.listAnalyses('lesion-1')).toHaveLength(2);
    expect(await store.counts()).toEqual({ lesions: 1, analyses: 2 });
  });

  it('can save the next analysis again', async () => {
    const user = userEvent.setup();
    const { rerender } = renderForm();
    await user.type(screen.getByLabelText('Name of the lesion'), 'mole');
    await user.click(screen.getByRole('button', { name: 'Save analysis' }));
    await screen.findByText('Saved to “mole”.');

    rerender(
      <SaveAnalysis
        manifest={manifest}
        prediction={{ ...PREDICTION, malignant: 0.1 }}
        patient={{ age: null, sex: null, site: null }}
        image={IMAGE}
        store={store}
        makeCopy={makeCopy}
      />,
    );
    const save = screen.getByRole('button', { name: 'Save analysis' });
    expect(save).toBeEnabled();
    await user.click(save);
    await waitFor(async () =>
      expect(await store.counts()).toEqual({ lesions: 1, analyses: 2 }),
    );
  });

  it('shows a full quota and keeps the form', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const message =
      'Could not save the analysis, because this device has no storage ' +
      'space left for OncoScan. Nothing already saved was lost.';
    vi.spyOn(store, 'saveAnalysis').mockRejectedValue(
      new HistoryError('quota-exceeded', message),
    );
    const user = userEvent.setup();
    renderForm();
    await user.type(screen.getByLabelText('Name of the lesion'), 'mole');
    await user.type(screen.getByLabelText('Note (optional)'), 'keep me');
    await user.click(screen.getByRole('button', { name: 'Save analysis' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(message);
    expect(screen.getByLabelText('Note (optional)')).toHaveValue('keep me');
    expect(screen.getByRole('button', { name: 'Save analysis' })).toBeEnabled();
  });

  it('reports a photo copy that failed', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    makeCopy.mockRejectedValue(new Error('JPEG encoding failed'));
    const user = userEvent.setup();
    renderForm();
    await user.type(screen.getByLabelText('Name of the lesion'), 'mole');
    await user.click(screen.getByRole('button', { name: 'Save analysis' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not save the analysis: Error: JPEG encoding failed. Nothing ' +
        'already saved was lost.',
    );
    expect(await store.counts()).toEqual({ lesions: 0, analyses: 0 });
  });
});
