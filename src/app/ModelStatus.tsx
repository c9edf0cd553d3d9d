import type { ModelState } from './use-model';

const BYTES_PER_MB = 1_000_000;

function megabytes(bytes: number): string {
  return `${(bytes / BYTES_PER_MB).toFixed(1)} MB`;
}

/** Download progress, then the loaded model and any backend note. */
export function ModelStatus({ state }: { state: ModelState }) {
  switch (state.status) {
    case 'manifest':
      return (
        <p className="model-status" role="status">
          Loading the model description…
        </p>
      );
    case 'downloading': {
      const { loadedBytes, totalBytes } = state;
      const percent =
        totalBytes > 0 ? Math.floor((loadedBytes / totalBytes) * 100) : 0;
      return (
        <div className="model-status">
          <label htmlFor="model-progress">Downloading the model</label>
          <progress
            id="model-progress"
            max={totalBytes || 1}
            value={loadedBytes}
            aria-valuetext={`${percent} percent`}
          />
          <p className="progress-text" data-testid="download-progress">
            {megabytes(loadedBytes)} of {megabytes(totalBytes)} ({percent} %)
            {loadedBytes >= totalBytes && totalBytes > 0
              ? ', preparing the model…'
              : ''}
          </p>
        </div>
      );
    }
    case 'ready':
      return (
        <div className="model-status" role="status" data-testid="model-ready">
          <p>
            Model ready: {state.manifest.name} {state.manifest.version}. Photos
            are analysed on this device and never uploaded.
          </p>
          {state.backendNote && (
            <p className="note" data-testid="backend-note">
              {state.backendNote}
            </p>
          )}
          {state.storageNote && (
            <p className="note" data-testid="storage-note">
              {state.storageNote}
            </p>
          )}
        </div>
      );
    case 'failed':
      return (
        <div className="model-status error" role="alert">
          <p>The model could not be loaded: {state.message}</p>
          <button type="button" onClick={() => location.reload()}>
            Reload the page
          </button>
        </div>
      );
  }
}
