import { useCallback, useEffect, useRef, useState } from 'react';

import { decodePhoto, type PhotoNotice } from '../capture/decode-photo';
import { PhotoError } from '../capture/photo-errors';
import type { RgbaImage } from '../preprocess/images';

export interface Photo {
  name: string;
  /** Object URL for the preview, revoked when the photo changes. */
  previewUrl: string;
  /** Upright pixels, scaled down when the photo exceeds a canvas. */
  pixels: RgbaImage;
  /** Upright size of the photo as stored in the file. */
  width: number;
  height: number;
  notices: PhotoNotice[];
}

export type PhotoState =
  | { status: 'empty' }
  | { status: 'decoding'; name: string }
  | { status: 'ready'; photo: Photo }
  | { status: 'invalid'; message: string };

/** Decodes each picked file at once, so a bad file is reported early. */
export function usePhoto(): {
  state: PhotoState;
  pick: (file: File) => void;
} {
  const [state, setState] = useState<PhotoState>({ status: 'empty' });
  // Only the latest pick may set the state, however the decodes finish.
  const latestPick = useRef(0);

  const previewUrl = state.status === 'ready' ? state.photo.previewUrl : null;
  useEffect(() => {
    return () => {
      if (previewUrl) {
        URL.revokeObjectURL(previewUrl);
      }
    };
  }, [previewUrl]);

  const pick = useCallback((file: File) => {
    const pickNumber = ++latestPick.current;
    setState({ status: 'decoding', name: file.name });
    decodePhoto(file).then(
      (decoded) => {
        if (pickNumber !== latestPick.current) {
          return;
        }
        setState({
          status: 'ready',
          photo: {
            name: file.name,
            previewUrl: URL.createObjectURL(file),
            pixels: decoded.pixels,
            width: decoded.width,
            height: decoded.height,
            notices: decoded.notices,
          },
        });
      },
      (error: unknown) => {
        if (pickNumber !== latestPick.current) {
          return;
        }
        if (!(error instanceof PhotoError)) {
          console.error(`Decoding "${file.name}" failed`, error);
        }
        const message =
          error instanceof PhotoError
            ? error.message
            : `"${file.name}" could not be read. Try another photo.`;
        setState({ status: 'invalid', message });
      },
    );
  }, []);

  return { state, pick };
}
