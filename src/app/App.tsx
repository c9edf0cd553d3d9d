import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';

import { AnalysedSquare } from '../capture/AnalysedSquare';
import { CameraCapture } from '../capture/camera/CameraCapture';
import { MetadataForm } from '../capture/MetadataForm';
import {
  EMPTY_PATIENT_FORM,
  readPatientForm,
  type PatientForm,
} from '../capture/patient-form';
import { noticeText } from '../capture/photo-notices';
import { PhotoPicker } from '../capture/PhotoPicker';
import { HistoryView } from '../history/HistoryView';
import { SaveAnalysis } from '../history/SaveAnalysis';
import { encodeMetadata, type PatientMetadata } from '../preprocess/metadata';
import { toModelInput } from '../preprocess/model-input';
import { QualityWarnings } from '../quality/QualityWarnings';
import { formatPercent } from '../result/interpret';
import { resultStatus } from '../result/result-status';
import { ResultView } from '../result/ResultView';
import { APP_VERSION } from '../shared/app-version';
import { ModelError } from '../shared/errors';
import type { ModelManifest } from '../shared/manifest';
import type { Prediction } from '../shared/messages';
import { analyseDisabledReason } from './analyse-reason';
import { ModelStatus } from './ModelStatus';
import { registerServiceWorker } from './service-worker';
import { StorageStatus } from './StorageStatus';
import { UpdatePrompt } from './UpdatePrompt';
import { useModel } from './use-model';
import { usePhoto } from './use-photo';

type AnalysisState =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'done'; prediction: Prediction; patient: PatientMetadata }
  | { status: 'failed'; message: string };

export function App() {
  const model = useModel();
  const photo = usePhoto();
  const [form, setForm] = useState<PatientForm>(EMPTY_PATIENT_FORM);
  const [ageError, setAgeError] = useState<string | null>(null);
  // Bumped on each new photo to remount the form, because React cannot
  // clear unparseable text from a number field whose value is already ''.
  const [formKey, setFormKey] = useState(0);
  const [analysis, setAnalysis] = useState<AnalysisState>({ status: 'idle' });
  const [applyUpdate, setApplyUpdate] = useState<(() => void) | null>(null);
  const abortRef = useRef<AbortController | null>(null);

  useEffect(() => {
    registerServiceWorker((apply) => setApplyUpdate(() => apply));
  }, []);

  // A new photo or new metadata makes the shown result stale.
  const clearResult = () => {
    abortRef.current?.abort();
    setAnalysis({ status: 'idle' });
  };
  // A new photo may be of another person, so none of the previous photo's
  // details carry over to it.
  const onPick = (file: File) => {
    clearResult();
    setForm(EMPTY_PATIENT_FORM);
    setAgeError(null);
    setFormKey((key) => key + 1);
    photo.pick(file);
  };
  const onFormChange = (value: PatientForm) => {
    clearResult();
    if (value.age !== form.age || value.ageBadInput !== form.ageBadInput) {
      setAgeError(null);
    }
    setForm(value);
  };

  const manifest = 'manifest' in model.state ? model.state.manifest : null;
  const ready = model.state.status === 'ready';
  const canAnalyse =
    ready && photo.state.status === 'ready' && analysis.status !== 'running';
  const disabledReason = analyseDisabledReason(
    model.state.status,
    photo.state.status,
  );

  // Computed once per photo for the preview and the analysis.
  const inputSize = manifest?.input.size ?? null;
  const pixels =
    photo.state.status === 'ready' ? photo.state.photo.pixels : null;
  const modelInput = useMemo(
    () => (pixels && inputSize ? toModelInput(pixels, inputSize) : null),
    [pixels, inputSize],
  );

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!manifest || !modelInput) {
      return;
    }
    const read = readPatientForm(form, manifest.metadata);
    if (!read.ok) {
      setAgeError(read.message);
      return;
    }
    setAgeError(null);

    const controller = new AbortController();
    abortRef.current = controller;
    setAnalysis({ status: 'running' });
    try {
      // A copy, because the model bridge transfers the buffer it is given.
      const image = modelInput.slice();
      const metadata = encodeMetadata(manifest.metadata, read.patient);
      const prediction = await model.analyse(
        image,
        metadata,
        controller.signal,
      );
      setAnalysis({ status: 'done', prediction, patient: read.patient });
    } catch (error) {
      if (error instanceof ModelError && error.code === 'aborted') {
        return;
      }
      console.error('Analysis failed', error);
      const detail = error instanceof Error ? error.message : String(error);
      setAnalysis({
        status: 'failed',
        message: `The analysis failed: ${detail}. Try again, or reload the page.`,
      });
    }
  };

  return (
    <>
      <header className="app-header">
        <h1>OncoScan</h1>
        <p className="tagline">
          Skin-lesion triage that runs on this device. Not a diagnosis.
        </p>
      </header>

      {applyUpdate && (
        <UpdatePrompt
          onUpdate={applyUpdate}
          onDismiss={() => setApplyUpdate(null)}
        />
      )}

      <main>
        <ModelStatus state={model.state} />

        <form className="analyse-form" onSubmit={onSubmit} noValidate>
          <CameraCapture onCapture={onPick} />
          <PhotoPicker onPick={onPick} />
          <PhotoFeedback
            state={photo.state}
            modelInput={modelInput}
            inputSize={inputSize}
          />
          {photo.state.status === 'ready' && (
            <QualityWarnings pixels={photo.state.photo.pixels} />
          )}

          {manifest && (
            <MetadataForm
              key={formKey}
              encoding={manifest.metadata}
              value={form}
              onChange={onFormChange}
              ageError={ageError}
            />
          )}

          <button
            type="submit"
            className="primary"
            disabled={!canAnalyse}
            aria-describedby={disabledReason ? 'analyse-reason' : undefined}
          >
            {analysis.status === 'running' ? 'Analysing…' : 'Analyse'}
          </button>
          {disabledReason && (
            <p id="analyse-reason" className="hint">
              {disabledReason}
            </p>
          )}
        </form>

        <div
          className="visually-hidden"
          role="status"
          aria-live="polite"
          data-testid="announcement"
        >
          {announcement(analysis, manifest)}
        </div>

        {analysis.status === 'failed' && (
          <p className="error" role="alert">
            {analysis.message}
          </p>
        )}
        {analysis.status === 'done' && manifest && (
          <ResultView
            manifest={manifest}
            prediction={analysis.prediction}
            photo={
              photo.state.status === 'ready' ? photo.state.photo : undefined
            }
          />
        )}
        {analysis.status === 'done' &&
          manifest &&
          photo.state.status === 'ready' && (
            <SaveAnalysis
              manifest={manifest}
              prediction={analysis.prediction}
              patient={analysis.patient}
              image={photo.state.photo.pixels}
            />
          )}

        <HistoryView manifest={manifest} />
      </main>

      <footer className="app-footer">
        <p>
          OncoScan is not a medical device and does not diagnose skin cancer. If
          a lesion worries you, see a doctor.
        </p>
        <StorageStatus />
        <p className="app-version">OncoScan {APP_VERSION}</p>
      </footer>
    </>
  );
}

function PhotoFeedback({
  state,
  modelInput,
  inputSize,
}: {
  state: ReturnType<typeof usePhoto>['state'];
  modelInput: Float32Array | null;
  inputSize: number | null;
}) {
  switch (state.status) {
    case 'empty':
      return null;
    case 'decoding':
      return <p className="photo-status">Reading “{state.name}”…</p>;
    case 'invalid':
      return (
        <p className="error" role="alert" data-testid="photo-error">
          {state.message}
        </p>
      );
    case 'ready':
      return (
        <div className="photo-ready">
          <figure className="preview">
            <img
              src={state.photo.previewUrl}
              alt={`Selected photo ${state.photo.name}`}
            />
            <figcaption data-testid="photo-caption">
              {state.photo.name}, {state.photo.width} x {state.photo.height}{' '}
              pixels
            </figcaption>
          </figure>
          {modelInput && inputSize && (
            <AnalysedSquare image={modelInput} size={inputSize} />
          )}
          {state.photo.notices.map((notice) => (
            <p key={notice.kind} className="note" data-testid="photo-notice">
              {noticeText(notice)}
            </p>
          ))}
        </div>
      );
  }
}

/** Short text for screen readers when the analysis state changes. */
function announcement(
  analysis: AnalysisState,
  manifest: ModelManifest | null,
): string {
  if (analysis.status === 'running') {
    return 'Analysing the photo…';
  }
  if (analysis.status === 'done' && manifest !== null) {
    const { headline, cautions } = resultStatus(manifest, analysis.prediction);
    const probability = formatPercent(analysis.prediction.malignant);
    return [
      `Result: ${headline}.`,
      ...cautions,
      `Malignant probability ${probability}.`,
    ].join(' ');
  }
  return '';
}
