import { describe, expect, it } from 'vitest';

import { analyseDisabledReason } from '../../../src/app/analyse-reason';

describe('analyseDisabledReason', () => {
  it.each(['manifest', 'downloading'] as const)(
    'waits for the model in state %s',
    (model) => {
      expect(analyseDisabledReason(model, 'ready')).toBe(
        'Analyse is available once the model has loaded.',
      );
    },
  );

  it('names a failed model', () => {
    expect(analyseDisabledReason('failed', 'ready')).toBe(
      'Analyse is not available because the model failed to load.',
    );
  });

  it.each(['empty', 'invalid'] as const)(
    'asks for a photo in state %s',
    (photo) => {
      expect(analyseDisabledReason('ready', photo)).toBe(
        'Choose or take a photo of the lesion to analyse it.',
      );
    },
  );

  it.each(['ready', 'decoding'] as const)(
    'gives none with the photo %s',
    (photo) => {
      expect(analyseDisabledReason('ready', photo)).toBeNull();
    },
  );
});
