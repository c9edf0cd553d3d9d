import { useEffect, useId, useRef, useState } from 'react';

import { ACCEPTED_TYPES } from '../sniff';
import { toCameraError } from './camera-errors';
import { guideBox } from './camera-settings';
import { captureFrame } from './capture-frame';
import { useCamera } from './use-camera';
import './camera.css';

interface CameraViewProps {
  /** Called with the captured frame, or a file picked in the fallback. */
  onCapture: (file: File) => void;
  onClose: () => void;
}

/**
 * Live preview of the rear camera with a framing guide, a shutter, a
 * torch switch where the camera has one, and a camera switch where there
 * are several. When the camera cannot be used, it explains why and offers
 * a file input instead.
 */
export function CameraView({ onCapture, onClose }: CameraViewProps) {
  const camera = useCamera();
  const { state } = camera;
  const videoRef = useRef<HTMLVideoElement>(null);
  const shutterRef = useRef<HTMLButtonElement>(null);
  const [frame, setFrame] = useState<{ width: number; height: number }>();
  const [capturing, setCapturing] = useState(false);
  const [captureError, setCaptureError] = useState<string | null>(null);

  const stream = state.status === 'live' ? state.stream : null;
  useEffect(() => {
    const video = videoRef.current;
    if (!video || !stream) {
      return;
    }
    video.srcObject = stream;
    shutterRef.current?.focus();
    return () => {
      video.srcObject = null;
    };
  }, [stream]);

  const onFrameSize = () => {
    const video = videoRef.current;
    if (video && video.videoWidth > 0 && video.videoHeight > 0) {
      setFrame({ width: video.videoWidth, height: video.videoHeight });
    }
  };

  const onShutter = async () => {
    const video = videoRef.current;
    if (!video) {
      return;
    }
    setCapturing(true);
    setCaptureError(null);
    try {
      onCapture(await captureFrame(video));
    } catch (error) {
      console.warn('Capturing a camera frame failed', error);
      setCaptureError(toCameraError(error).message);
      setCapturing(false);
    }
  };

  if (state.status === 'failed') {
    return (
      <section className="camera" aria-label="Camera">
        <p className="error" role="alert" data-testid="camera-error">
          {state.error.message}
        </p>
        <FallbackPicker onPick={onCapture} />
        <div className="camera-controls">
          <button type="button" onClick={camera.retry}>
            Try the camera again
          </button>
          <button type="button" onClick={onClose}>
            Close the camera
          </button>
        </div>
      </section>
    );
  }

  return (
    <section className="camera" aria-label="Camera">
      <div
        className="camera-frame"
        style={
          frame && {
            aspectRatio: `${frame.width} / ${frame.height}`,
            width: `min(100%, calc(70vh * ${frame.width / frame.height}))`,
          }
        }
      >
        <video
          ref={videoRef}
          autoPlay
          muted
          playsInline
          aria-label="Camera preview"
          data-testid="camera-preview"
          onLoadedMetadata={onFrameSize}
          onResize={onFrameSize}
        />
        {frame && (
          <div
            className="framing-guide"
            data-testid="framing-guide"
            aria-hidden="true"
            style={guideBox(frame.width, frame.height)}
          />
        )}
      </div>
      <p className="hint">
        {state.status === 'starting'
          ? 'Starting the camera…'
          : 'Fill the square with the lesion: the model analyses only the ' +
            'part inside it. Hold still, in focus and evenly lit.'}
      </p>
      {captureError && (
        <p className="error" role="alert">
          {captureError}
        </p>
      )}
      <div className="camera-controls">
        <button
          ref={shutterRef}
          type="button"
          className="primary"
          disabled={state.status !== 'live' || !frame || capturing}
          onClick={onShutter}
        >
          Take photo
        </button>
        {state.status === 'live' && state.torch !== 'unsupported' && (
          <button
            type="button"
            aria-pressed={state.torch === 'on'}
            onClick={camera.toggleTorch}
          >
            Torch
          </button>
        )}
        {state.status === 'live' && state.nextDeviceId && (
          <button type="button" onClick={camera.switchCamera}>
            Switch camera
          </button>
        )}
        <button type="button" onClick={onClose}>
          Close the camera
        </button>
      </div>
    </section>
  );
}

/**
 * File input for when the page cannot use the camera. `capture` makes
 * phones open their own camera app, which needs no permission from the
 * page. The main photo picker has no `capture`, because with it phones
 * skip the photo library.
 */
function FallbackPicker({ onPick }: { onPick: (file: File) => void }) {
  const inputId = useId();
  return (
    <div className="camera-fallback">
      <label htmlFor={inputId}>Take or choose a photo</label>
      <input
        id={inputId}
        type="file"
        accept={ACCEPTED_TYPES}
        capture="environment"
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) {
            onPick(file);
          }
          event.target.value = '';
        }}
      />
    </div>
  );
}
