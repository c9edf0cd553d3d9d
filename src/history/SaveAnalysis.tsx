import { useId, useState, type FormEvent } from 'react';

import type { RgbaImage } from '../preprocess/images';
import type { PatientMetadata } from '../preprocess/metadata';
import type { ModelManifest } from '../shared/manifest';
import type { Prediction } from '../shared/messages';
import { BodyMap } from './BodyMap';
import { HistoryError } from './errors';
import { qualityFlagsOf } from './flags';
import { makePhotoCopy } from './photo-copy';
import {
  buildAnalysisRecord,
  MAX_LESION_NAME_LENGTH,
  MAX_NOTE_LENGTH,
  type LesionRecord,
  type StoredPhoto,
} from './records';
import type { HistoryStore } from './store';
import { historyStore, useHistoryQuery } from './use-history';
import { siteName, vocabularyOf } from './vocabulary';

/** Value of the lesion choice that starts a new lesion. */
const NEW_LESION = '';

interface SaveAnalysisProps {
  manifest: ModelManifest;
  prediction: Prediction;
  /** Metadata the analysis ran with. */
  patient: PatientMetadata;
  /** Upright pixels of the analysed photo. */
  image: RgbaImage;
  store?: HistoryStore;
  /** Makes the stored photo copy; tests without a canvas replace it. */
  makeCopy?: (image: RgbaImage) => Promise<StoredPhoto>;
}

type SaveState =
  | { status: 'editing' }
  | { status: 'saving' }
  | { status: 'saved'; prediction: Prediction; lesionName: string }
  | { status: 'failed'; message: string };

const listLesions = (store: HistoryStore) => store.listLesions();

/**
 * Saves the shown analysis to a new or existing lesion, with a note. The
 * patient's site preselects the new lesion's site.
 */
export function SaveAnalysis({
  manifest,
  prediction,
  patient,
  image,
  store = historyStore,
  makeCopy = makePhotoCopy,
}: SaveAnalysisProps) {
  const headingId = useId();
  const nameId = useId();
  const nameErrorId = useId();
  const lesionId = useId();
  const noteId = useId();
  const vocabulary = vocabularyOf(manifest.metadata);
  const lesions = useHistoryQuery(store, listLesions);
  const [choice, setChoice] = useState(NEW_LESION);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [site, setSite] = useState<string | null>(patient.site);
  const [note, setNote] = useState('');
  const [state, setState] = useState<SaveState>({ status: 'editing' });

  const lesionList = lesions.status === 'ready' ? lesions.value : [];
  const existing = lesionList.find((summary) => summary.lesion.id === choice);
  // A new analysis replaces the prediction, so it can be saved again.
  const savedThis = state.status === 'saved' && state.prediction === prediction;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (state.status === 'saving' || savedThis) {
      return;
    }
    let lesion: LesionRecord;
    let newLesion: LesionRecord | undefined;
    if (existing) {
      lesion = existing.lesion;
    } else {
      const trimmed = name.trim();
      if (trimmed === '') {
        setNameError(
          'Enter a name for the lesion, such as "left shoulder mole".',
        );
        return;
      }
      newLesion = lesion = {
        id: crypto.randomUUID(),
        name: trimmed,
        site,
        createdAt: new Date().toISOString(),
      };
    }
    setNameError(null);
    setState({ status: 'saving' });
    try {
      const photo = await makeCopy(image);
      const record = buildAnalysisRecord({
        id: crypto.randomUUID(),
        lesionId: lesion.id,
        analysedAt: new Date(),
        manifest,
        prediction,
        patient,
        qualityFlags: qualityFlagsOf(image),
        note,
        photo,
      });
      await store.saveAnalysis(record, newLesion);
      setState({ status: 'saved', prediction, lesionName: lesion.name });
      setChoice(lesion.id);
      setNote('');
    } catch (error) {
      console.error('Saving the analysis failed', error);
      const message =
        error instanceof HistoryError
          ? error.message
          : `Could not save the analysis: ${String(error)}. Nothing already ` +
            'saved was lost.';
      setState({ status: 'failed', message });
    }
  };

  return (
    <form
      className="save-analysis"
      aria-labelledby={headingId}
      onSubmit={onSubmit}
      noValidate
    >
      <h3 id={headingId}>Save to history</h3>
      <p className="hint">
        A small copy of the photo, the result and your note stay in this browser
        on this device. They are never uploaded.
      </p>
      <div className="field">
        <label htmlFor={lesionId}>Lesion</label>
        <select
          id={lesionId}
          value={existing ? choice : NEW_LESION}
          onChange={(event) => setChoice(event.target.value)}
        >
          <option value={NEW_LESION}>A new lesion</option>
          {lesionList.map(({ lesion }) => (
            <option key={lesion.id} value={lesion.id}>
              {lesion.name} ({siteName(vocabulary, lesion.site)})
            </option>
          ))}
        </select>
      </div>
      {!existing && (
        <>
          <div className="field">
            <label htmlFor={nameId}>Name of the lesion</label>
            <input
              id={nameId}
              type="text"
              value={name}
              maxLength={MAX_LESION_NAME_LENGTH}
              placeholder="For example: left shoulder mole"
              aria-invalid={nameError !== null}
              aria-describedby={nameError ? nameErrorId : undefined}
              onChange={(event) => setName(event.target.value)}
            />
            {nameError && (
              <p id={nameErrorId} className="field-error">
                {nameError}
              </p>
            )}
          </div>
          <BodyMap
            label="Where the lesion is"
            vocabulary={vocabulary}
            value={site}
            onChange={setSite}
          />
        </>
      )}
      <div className="field">
        <label htmlFor={noteId}>Note (optional)</label>
        <textarea
          id={noteId}
          value={note}
          rows={3}
          maxLength={MAX_NOTE_LENGTH}
          onChange={(event) => setNote(event.target.value)}
        />
      </div>
      <button type="submit" disabled={state.status === 'saving' || savedThis}>
        {state.status === 'saving'
          ? 'Saving…'
          : savedThis
            ? 'Saved'
            : 'Save analysis'}
      </button>
      <div role="status" data-testid="save-status">
        {savedThis && <p>Saved to “{state.lesionName}”.</p>}
      </div>
      {state.status === 'failed' && (
        <p className="error" role="alert" data-testid="save-error">
          {state.message}
        </p>
      )}
    </form>
  );
}
