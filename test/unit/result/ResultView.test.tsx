// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { parseManifest } from '../../../src/model/parse-manifest';
import { ResultView } from '../../../src/result/ResultView';
import type { Prediction } from '../../../src/shared/messages';
import { buildFakeModel, OOD_THRESHOLD } from '../../helpers/fake-model.mjs';

// The fake manifest's threshold is 0.3, sensitivity 0.9, specificity 0.7.
const manifest = parseManifest(buildFakeModel().manifest);

// Order of the fake manifest's labels: akiec, bcc, bkl, df, mel, nv, vasc.
const MELANOMA_TOP = [0.02, 0.03, 0.1, 0.01, 0.54, 0.28, 0.02];
const NEVUS_TOP = [0.01, 0.02, 0.1, 0.01, 0.04, 0.8, 0.02];
const BCC_TOP = [0.02, 0.874, 0.02, 0.01, 0.03, 0.04, 0.006];

function prediction(
  malignant: number,
  ood = 10,
  diagnosis = MELANOMA_TOP,
): Prediction {
  return {
    malignant,
    diagnosis,
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
    render(
      <ResultView
        manifest={manifest}
        prediction={prediction(0.12, 10, NEVUS_TOP)}
      />,
    );
    const risk = screen.getByTestId('risk-category');
    expect(risk).toHaveTextContent('Low risk: monitor for change');
    expect(risk).toHaveClass('risk-monitor');
    expect(screen.queryByTestId('risk-caution')).toBeNull();
  });

  it('cautions when low risk meets a malignant top diagnosis', () => {
    render(
      <ResultView
        manifest={manifest}
        prediction={prediction(0.151, 10, BCC_TOP)}
      />,
    );
    const risk = screen.getByTestId('risk-category');
    expect(risk).toHaveTextContent('Uncertain: have a doctor check it');
    expect(risk).not.toHaveTextContent('Low risk');
    // Neutral, not the reassuring green of an agreed low-risk result.
    expect(risk).toHaveClass('risk-uncertain');
    expect(risk).not.toHaveClass('risk-monitor');
    const caution = within(risk).getByTestId('risk-caution');
    expect(caution).toHaveTextContent(
      'Uncertain result: the two parts of the model disagree.',
    );
    expect(caution).toHaveTextContent(
      'the most likely diagnosis in the table is Basal cell carcinoma, ' +
        'which is malignant, at 87.4 %',
    );
    expect(caution).toHaveTextContent('Have a doctor check this lesion.');
  });

  it('cautions when a referral meets benign diagnoses', () => {
    render(
      <ResultView
        manifest={manifest}
        prediction={prediction(0.6, 10, NEVUS_TOP)}
      />,
    );
    const risk = screen.getByTestId('risk-category');
    expect(risk).toHaveTextContent('Refer to a dermatologist');
    expect(risk).toHaveClass('risk-refer');
    expect(within(risk).getByTestId('risk-caution')).toHaveTextContent(
      'the malignant diagnoses in the table add up to only 7.0 %, below ' +
        'the referral threshold of 30.0 %',
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
    expect(statement).toHaveTextContent(
      'referred 90.0 % of the images of malignant lesions',
    );
    expect(statement).toHaveTextContent(
      'rated 70.0 % of the images of benign lesions',
    );
    expect(statement).toHaveTextContent(
      'about 10 in 100 photos of malignant lesions',
    );
  });

  it('says the probability is not the chance in practice', () => {
    render(<ResultView manifest={manifest} prediction={prediction(0.6)} />);
    const prevalence = screen.getByTestId('prevalence');
    expect(prevalence).toHaveTextContent(
      'calibrated on the HAM10000 dataset, where about 1 in 5 images shows ' +
        'a malignant lesion',
    );
    expect(prevalence).toHaveTextContent(
      'it is not the chance that this lesion is cancer for a given patient',
    );
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

  it('shows an unreliable low risk as neutral', () => {
    render(
      <ResultView
        manifest={manifest}
        prediction={prediction(0.1, OOD_THRESHOLD + 1, NEVUS_TOP)}
      />,
    );
    const risk = screen.getByTestId('risk-category');
    expect(risk).toHaveClass('risk-uncertain');
    expect(risk).not.toHaveClass('risk-monitor');
    expect(risk).toHaveTextContent(/^Unreliable for this photo/);
    expect(within(risk).getByTestId('risk-caution')).toHaveTextContent(
      'The model rated it “Low risk: monitor for change”, but this photo is ' +
        'unlike the images it was trained on, so do not rely on that ' +
        'rating. Retake a close, centred, in-focus colour photo of the ' +
        'lesion',
    );
    expect(screen.getByTestId('malignant-probability')).toHaveTextContent(
      '10.0 %',
    );
    expect(screen.getByTestId('unreliable-mark')).toHaveTextContent(
      'Unreliable for this photo.',
    );
    expect(
      screen.getByRole('table', {
        name: 'Probability of each diagnosis (unreliable for this photo)',
      }),
    ).toBeInTheDocument();
  });

  it('shows an unreliable referral as neutral', () => {
    render(
      <ResultView
        manifest={manifest}
        prediction={prediction(0.6, OOD_THRESHOLD + 1)}
      />,
    );
    const risk = screen.getByTestId('risk-category');
    expect(risk).toHaveClass('risk-uncertain');
    expect(risk).not.toHaveClass('risk-refer');
    expect(risk).toHaveTextContent('“Refer to a dermatologist”');
  });

  it('shows no warning at or below the OOD threshold', () => {
    render(
      <ResultView
        manifest={manifest}
        prediction={prediction(0.6, OOD_THRESHOLD)}
      />,
    );
    expect(screen.queryByTestId('ood-warning')).toBeNull();
    expect(screen.queryByTestId('unreliable-mark')).toBeNull();
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
