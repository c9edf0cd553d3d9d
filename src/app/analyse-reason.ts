import type { PhotoState } from './use-photo';
import type { ModelState } from './use-model';

/**
 * Returns why the Analyse button is disabled, or null when nothing the user
 * can wait for or do explains it (it is enabled, reading a photo or running).
 */
export function analyseDisabledReason(
  model: ModelState['status'],
  photo: PhotoState['status'],
): string | null {
  if (model === 'manifest' || model === 'downloading') {
    return 'Analyse is available once the model has loaded.';
  }
  if (model === 'failed') {
    return 'Analyse is not available because the model failed to load.';
  }
  if (photo === 'empty' || photo === 'invalid') {
    return 'Choose or take a photo of the lesion to analyse it.';
  }
  return null;
}
