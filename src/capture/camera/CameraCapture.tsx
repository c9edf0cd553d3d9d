import { useState } from 'react';

import { CameraView } from './CameraView';

/**
 * Button that opens the camera view in the page. The view, and with it
 * the camera stream, closes after a capture or when the user closes it.
 */
export function CameraCapture({
  onCapture,
}: {
  onCapture: (file: File) => void;
}) {
  const [open, setOpen] = useState(false);

  if (!open) {
    return (
      <div className="camera-start">
        <button type="button" onClick={() => setOpen(true)}>
          Use the camera
        </button>
      </div>
    );
  }
  return (
    <CameraView
      onCapture={(file) => {
        setOpen(false);
        onCapture(file);
      }}
      onClose={() => setOpen(false)}
    />
  );
}
