// @vitest-environment jsdom
// The history view stores in IndexedDB, which jsdom lacks.
import 'fake-indexeddb/auto';

import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { ModelState } from '../../../src/app/use-model';
import { parseManifest } from '../../../src/model/parse-manifest';
import type { Prediction } from '../../../src/shared/messages';
import { buildFakeModel, OOD_THRESHOLD } from '../../helpers/fake-model.mjs';

const manifest = parseManifest(buildFakeModel().manifest);

const model = vi.hoisted(() => ({
  state: { status: 'manifest' } as ModelState,
  analyse: vi.fn(),
}));
vi.mock('../../../src/app/use-model', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  useModel: () => model,
}));

const decode = vi.hoisted(() => ({ decodePhoto: vi.fn() }));
vi.mock('../../../src/capture/decode-photo', () => decode);

const { App } = await import('../../../src/app/App');
const { notAnImage } = await import('../../../src/capture/photo-errors');

const PREDICTION: Prediction = {
  malignant: 0.42,
  diagnosis: [0.05, 0.05, 0.1, 0.05, 0.5, 0.2, 0.05],
  ood: 10,
  backend: 'webgl',
  inferenceMs: 30,
};

/** Installs a fake `navigator.storage`, because jsdom has none. */
function stubStorageManager(granted: boolean) {
  const storage = {
    persisted: vi.fn().mockResolvedValue(false),
    persist: vi.fn().mockResolvedValue(granted),
  };
  Object.defineProperty(navigator, 'storage', {
    value: storage,
    configurable: true,
  });
  return storage;
}

function photoFile() {
  return new File(['x'], 'lesion.jpg', { type: 'image/jpeg' });
}

describe('App', () => {
  beforeEach(() => {
    model.state = {
      status: 'ready',
      manifest,
      info: { backend: 'webgl', skipped: [] },
      backendNote: null,
    };
    model.analyse.mockReset().mockResolvedValue(PREDICTION);
    decode.decodePhoto.mockReset().mockResolvedValue({
      format: 'jpeg',
      pixels: { data: new Uint8ClampedArray(8 * 6 * 4), width: 8, height: 6 },
      width: 8,
      height: 6,
      notices: [],
    });
    // jsdom has no canvas, so the analysed square stays blank.
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    URL.createObjectURL = vi.fn(() => 'blob:preview');
    URL.revokeObjectURL = vi.fn();
  });

  afterEach(() => {
    // Other tests see jsdom's navigator, which has no `storage`.
    delete (navigator as { storage?: StorageManager }).storage;
  });

  it('analyses a photo and announces the result', async () => {
    const user = userEvent.setup();
    render(<App />);
    const analyse = screen.getByRole('button', { name: 'Analyse' });
    expect(analyse).toBeDisabled();

    await user.upload(
      screen.getByLabelText('Photo of the skin lesion'),
      photoFile(),
    );
    await waitFor(() => expect(analyse).toBeEnabled());
    await user.type(screen.getByLabelText('Age in years'), '58');
    await user.click(analyse);

    expect(
      await screen.findByTestId('malignant-probability'),
    ).toHaveTextContent('42.0 %');
    expect(screen.getByTestId('risk-category')).toHaveTextContent(
      'Refer to a dermatologist',
    );
    const announcement = screen.getByTestId('announcement');
    expect(announcement).toHaveAttribute('aria-live', 'polite');
    expect(announcement).toHaveTextContent(
      'Result: Refer to a dermatologist. Malignant probability 42.0 %.',
    );

    const [image, metadata] = model.analyse.mock.calls[0]!;
    expect(image).toHaveLength(64 * 64 * 3);
    expect(metadata[manifest.metadata.age.missingIndex]).toBe(0);
  });

  it('shows the analysed square and notices', async () => {
    decode.decodePhoto.mockResolvedValue({
      format: 'webp',
      pixels: { data: new Uint8ClampedArray(24 * 6 * 4), width: 24, height: 6 },
      width: 24,
      height: 6,
      notices: [{ kind: 'animated' }, { kind: 'wide-crop', side: 6 }],
    });
    render(<App />);

    await userEvent.upload(
      screen.getByLabelText('Photo of the skin lesion'),
      photoFile(),
    );

    expect(await screen.findByTestId('photo-caption')).toHaveTextContent(
      'lesion.jpg, 24 x 6 pixels',
    );
    const square = screen.getByTestId('analysed-square');
    expect(square).toHaveAttribute('width', String(manifest.input.size));
    expect(
      screen.getAllByTestId('photo-notice').map((notice) => notice.textContent),
    ).toEqual([
      'This is an animated image, so only its first frame is analysed.',
      'Only the centred square of this photo, 6 x 6 pixels, is analysed, so ' +
        'make sure the lesion is in the middle.',
    ]);
  });

  it('shows what was wrong with a bad file', async () => {
    decode.decodePhoto.mockRejectedValue(notAnImage('notes.txt'));
    render(<App />);

    await userEvent.upload(
      screen.getByLabelText('Photo of the skin lesion'),
      new File(['hello'], 'notes.txt'),
      { applyAccept: false },
    );

    expect(await screen.findByTestId('photo-error')).toHaveTextContent(
      '"notes.txt" is not an image. Choose a JPEG, PNG or WebP photo',
    );
    expect(screen.getByRole('button', { name: 'Analyse' })).toBeDisabled();
  });

  it('blocks analysis on an invalid age', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.upload(
      screen.getByLabelText('Photo of the skin lesion'),
      photoFile(),
    );
    const analyse = screen.getByRole('button', { name: 'Analyse' });
    await waitFor(() => expect(analyse).toBeEnabled());

    await user.type(screen.getByLabelText('Age in years'), '150');
    await user.click(analyse);

    expect(screen.getByLabelText('Age in years')).toHaveAccessibleDescription(
      /Enter an age from 0 to 120 years/,
    );
    expect(model.analyse).not.toHaveBeenCalled();
  });

  it('blocks analysis on an unparseable age', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.upload(
      screen.getByLabelText('Photo of the skin lesion'),
      photoFile(),
    );
    const analyse = screen.getByRole('button', { name: 'Analyse' });
    await waitFor(() => expect(analyse).toBeEnabled());

    // jsdom never sets badInput, so the stub plays Chromium with `--5`
    // typed: the value stays '' and `validity.badInput` is true.
    const age = screen.getByLabelText('Age in years');
    Object.defineProperty(age, 'validity', { value: { badInput: true } });
    fireEvent.input(age, { target: { value: '' } });
    await user.click(analyse);

    expect(age).toHaveAttribute('aria-invalid', 'true');
    expect(age).toHaveAccessibleDescription(
      /^The age entered is not a number\. Enter an age from 0 to 120 years/,
    );
    expect(model.analyse).not.toHaveBeenCalled();
  });

  it('clears the details when a new photo is chosen', async () => {
    const user = userEvent.setup();
    render(<App />);
    const picker = screen.getByLabelText('Photo of the skin lesion');
    await user.upload(picker, photoFile());
    const analyse = screen.getByRole('button', { name: 'Analyse' });
    await waitFor(() => expect(analyse).toBeEnabled());
    await user.type(screen.getByLabelText('Age in years'), '55');
    await user.selectOptions(screen.getByLabelText('Sex'), 'Male');
    await user.selectOptions(screen.getByLabelText('Where on the body'), 'Arm');
    await user.click(analyse);
    await screen.findByTestId('malignant-probability');

    await user.upload(
      picker,
      new File(['y'], 'second.jpg', { type: 'image/jpeg' }),
    );
    await screen.findByText(/second.jpg, 8 x 6 pixels/);

    expect(screen.getByLabelText('Age in years')).toHaveValue(null);
    expect(screen.getByLabelText('Sex')).toHaveValue('');
    expect(screen.getByLabelText('Where on the body')).toHaveValue('');
    await waitFor(() => expect(analyse).toBeEnabled());
    await user.click(analyse);
    await screen.findByTestId('malignant-probability');
    const [, metadata] = model.analyse.mock.calls[1]!;
    const { age, sex, site } = manifest.metadata;
    expect(metadata[age.missingIndex]).toBe(1);
    const unknownSex = sex.offset + sex.values.indexOf('unknown');
    expect(metadata[unknownSex]).toBe(1);
    const unknownSite = site.offset + site.values.indexOf('unknown');
    expect(metadata[unknownSite]).toBe(1);
  });

  it('announces an unreliable result as unreliable', async () => {
    model.analyse.mockResolvedValue({
      ...PREDICTION,
      malignant: 0.1,
      ood: OOD_THRESHOLD + 1,
    });
    const user = userEvent.setup();
    render(<App />);
    await user.upload(
      screen.getByLabelText('Photo of the skin lesion'),
      photoFile(),
    );
    const analyse = screen.getByRole('button', { name: 'Analyse' });
    await waitFor(() => expect(analyse).toBeEnabled());
    await user.click(analyse);

    const announcement = screen.getByTestId('announcement');
    await waitFor(() =>
      expect(announcement).toHaveTextContent(
        /^Result: Unreliable for this photo\. The model rated it/,
      ),
    );
    expect(announcement).toHaveTextContent(/Malignant probability 10\.0 %\.$/);
  });

  it('reports a failed analysis without losing the page', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    model.analyse.mockRejectedValue(new Error('WebGL out of memory'));
    const user = userEvent.setup();
    render(<App />);
    await user.upload(
      screen.getByLabelText('Photo of the skin lesion'),
      photoFile(),
    );
    const analyse = screen.getByRole('button', { name: 'Analyse' });
    await waitFor(() => expect(analyse).toBeEnabled());

    await user.click(analyse);

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The analysis failed: WebGL out of memory. Try again, or reload the page.',
    );
    expect(analyse).toBeEnabled();
  });

  it('keeps Analyse disabled while the model downloads', async () => {
    model.state = {
      status: 'downloading',
      manifest,
      loadedBytes: 10,
      totalBytes: 100,
    };
    const user = userEvent.setup();
    render(<App />);
    await user.upload(
      screen.getByLabelText('Photo of the skin lesion'),
      photoFile(),
    );
    await screen.findByText(/lesion.jpg, 8 x 6 pixels/);
    const analyse = screen.getByRole('button', { name: 'Analyse' });
    expect(analyse).toBeDisabled();
    expect(analyse).toHaveAccessibleDescription(
      'Analyse is available once the model has loaded.',
    );
    expect(
      screen.getByText('Analyse is available once the model has loaded.'),
    ).toBeVisible();
  });

  it('warns about a poor photo and still analyses it', async () => {
    // The mocked decoder returns transparent pixels, which the checks see
    // composited onto white.
    const user = userEvent.setup();
    render(<App />);
    await user.upload(
      screen.getByLabelText('Photo of the skin lesion'),
      photoFile(),
    );

    const warnings = await screen.findByTestId('quality-warnings');
    expect(warnings).toHaveTextContent('The photo is too bright');
    const analyse = screen.getByRole('button', { name: 'Analyse' });
    await waitFor(() => expect(analyse).toBeEnabled());
    await user.click(analyse);

    expect(
      await screen.findByTestId('malignant-probability'),
    ).toHaveTextContent('42.0 %');
  });

  it.each([
    { granted: true, text: /^Offline storage: kept by the browser\.$/ },
    {
      granted: false,
      text: /^Offline storage: the browser may clear it when space runs low\./,
    },
  ])(
    'requests persistent storage (granted: $granted)',
    async ({ granted, text }) => {
      const storage = stubStorageManager(granted);

      render(<App />);

      expect(await screen.findByTestId('storage-status')).toHaveTextContent(
        text,
      );
      expect(storage.persisted).toHaveBeenCalledTimes(1);
      expect(storage.persist).toHaveBeenCalledTimes(1);
    },
  );
});
