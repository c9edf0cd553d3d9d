// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { parseManifest } from '../../../src/model/parse-manifest';
import { ResultView } from '../../../src/result/ResultView';
import type { Prediction } from '../../../src/shared/messages';
import { buildFakeModel, OOD_THRESHOLD } from '../../helpers/fake-model.mjs';

// The fake manifest's threshold is 0.3, sensitivity 0.9, specificity 0.7.
const manifest = parseManifest(buildFakeModel().manifest);

function prediction(malignant: number, ood = 10): Prediction {
  return {
    malignant,
    diagnosis: [0.02, 0.03, 0.1, 0.01, 0.54, 0.28, 0.02],
    ood,
    backend: 'webgl',
    inferenceMs: 12,
  };
}

describe('ResultView', () => {
  it('tells to refer at or above the threshold', () => {
    render(<ResultView manifest={manifest} prediction={prediction(0.3)} />);
    expect(screen.getByTestId('risk-category')).toHaveTextContent(
      'Refer to a dermatologist',
    );
    expect(screen.getByTestId('malignant-probability')).toHaveTextContent(
      '30.0 %',
    );
  });

  it('exposes the unrounded probabilities', () => {
    render(
      <ResultView manifest={manifest} prediction={prediction(0.123456)} />,
    );
    const json = screen.getByTestId('result').dataset.probabilities;

    expect(JSON.parse(json!)).toEqual({
      malignant: 0.123456,
      akiec: 0.02,
      bcc: 0.03,
      bkl: 0.1,
      df: 0.01,
      mel: 0.54,
      nv: 0.28,
      vasc: 0.02,
    });
  });

  it('rates a probability below the threshold low risk', () => {
    render(<ResultView manifest={manifest} prediction={prediction(0.12)} />);
    expect(screen.getByTestId('risk-category')).toHaveTextContent(
      'Low risk: monitor for change',
    );
  });

  it('lists all seven diagnoses by plain name, most likely first', () => {
    render(<ResultView manifest={manifest} prediction={prediction(0.6)} />);
    const table = screen.getByRole('table', {
      name: 'Probability of each diagnosis',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(7);
    expect(rows[0]).toHaveTextContent('Melanoma');
    expect(rows[0]).toHaveTextContent('54.0 %');
    expect(rows[1]).toHaveTextContent('Mole (melanocytic nevus)');
  });

  it('states the operating point and that it is not a diagnosis', () => {
    render(<ResultView manifest={manifest} prediction={prediction(0.6)} />);
    expect(screen.getByText('This is not a diagnosis.')).toBeInTheDocument();
    const malignant = within(screen.getByTestId('malignant-diagnoses'))
      .getAllByRole('listitem')
      .map((item) => item.textContent);
    expect(malignant).toEqual([
      'Actinic keratosis or intraepithelial carcinoma',
      'Basal cell carcinoma',
      'Melanoma',
    ]);
    const statement = screen.getByTestId('operating-point');
    expect(statement).toHaveTextContent('threshold of 30.0 %');
    expect(statement).toHaveTextContent('referred 90.0 % of the malignant');
    expect(statement).toHaveTextContent('rated 70.0 % of the benign');
    expect(statement).toHaveTextContent('about 10 in 100 malignant lesions');
  });

  it('warns when the photo is unlike the training data', () => {
    render(
      <ResultView
        manifest={manifest}
        prediction={prediction(0.6, OOD_THRESHOLD + 1)}
      />,
    );
    expect(screen.getByTestId('ood-warning')).toHaveTextContent(
      'Unreliable result: this photo does not look like the dermatoscopic ' +
        'images the model was trained on',
    );
    // The result is still shown below the warning.
    expect(screen.getByTestId('malignant-probability')).toHaveTextContent(
      '60.0 %',
    );
  });

  it('shows no warning at or below the OOD threshold', () => {
    render(
      <ResultView
        manifest={manifest}
        prediction={prediction(0.6, OOD_THRESHOLD)}
      />,
    );
    expect(screen.queryByTestId('ood-warning')).toBeNull();
  });

  it('shows the heatmap when given the photo', () => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const withCam = {
      ...prediction(0.6),
      cam: { rows: 2, columns: 2, values: [1, 0, 0, 0] },
    };
    const photo = { previewUrl: 'blob:p', pixels: { width: 80, height: 60 } };

    render(
      <ResultView manifest={manifest} prediction={withCam} photo={photo} />,
    );

    expect(
      screen.getByRole('region', { name: 'Where the model looked' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('heatmap-summary')).toHaveTextContent('top left');
  });

  it('shows no heatmap without the photo', () => {
    const withCam = {
      ...prediction(0.6),
      cam: { rows: 2, columns: 2, values: [1, 0, 0, 0] },
    };
    render(<ResultView manifest={manifest} prediction={withCam} />);
    expect(screen.queryByTestId('heatmap-canvas')).toBeNull();
  });
});
