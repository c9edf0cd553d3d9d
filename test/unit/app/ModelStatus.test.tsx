// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { ModelStatus } from '../../../src/app/ModelStatus';
import { backendNote, NOT_STORED_NOTE } from '../../../src/app/use-model';
import { parseManifest } from '../../../src/model/parse-manifest';
import { buildFakeModel } from '../../helpers/fake-model.mjs';

const manifest = parseManifest(buildFakeModel().manifest);

describe('ModelStatus', () => {
  it('shows bytes and percent while downloading', () => {
    render(
      <ModelStatus
        state={{
          status: 'downloading',
          manifest,
          loadedBytes: 1_250_000,
          totalBytes: 5_000_000,
        }}
      />,
    );
    const bar = screen.getByRole('progressbar', {
      name: 'Downloading the model',
    });
    expect(bar).toHaveAttribute('value', '1250000');
    expect(bar).toHaveAttribute('max', '5000000');
    expect(screen.getByTestId('download-progress')).toHaveTextContent(
      '1.3 MB of 5.0 MB (25 %)',
    );
  });

  it('shows the backend note when not on WebGL', () => {
    render(
      <ModelStatus
        state={{
          status: 'ready',
          manifest,
          info: { backend: 'wasm', skipped: [] },
          backendNote: backendNote('wasm'),
        }}
      />,
    );
    expect(screen.getByTestId('backend-note')).toHaveTextContent(
      'WebGL is not available, so the model runs on WebAssembly.',
    );
  });

  it('shows why the model is not stored', () => {
    render(
      <ModelStatus
        state={{
          status: 'ready',
          manifest,
          info: { backend: 'webgl', skipped: [], notStored: true },
          backendNote: null,
          storageNote: NOT_STORED_NOTE,
        }}
      />,
    );
    expect(screen.getByTestId('storage-note')).toHaveTextContent(
      /^The model could not be saved on this device, usually because storage is full/,
    );
  });

  it('shows no note on WebGL', () => {
    expect(backendNote('webgl')).toBeNull();
  });

  it('reports a load failure as an alert', () => {
    render(
      <ModelStatus
        state={{ status: 'failed', message: 'HTTP 404', manifest: null }}
      />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'The model could not be loaded: HTTP 404',
    );
    expect(
      screen.getByRole('button', { name: 'Reload the page' }),
    ).toBeInTheDocument();
  });
});
