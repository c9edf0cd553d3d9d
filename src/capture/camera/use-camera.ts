/**
 * React state of one camera stream: started when the view mounts, started
 * again on a camera switch or retry, and stopped when the view unmounts.
 */

import { useCallback, useEffect, useState } from 'react';

import { CameraError, toCameraError } from './camera-errors';
import {
  cameraConstraints,
  hasTorch,
  nextCameraId,
  setTorch,
} from './camera-settings';

export type TorchState = 'unsupported' | 'off' | 'on';

export type CameraState =
  | { status: 'starting' }
  | {
      status: 'live';
      stream: MediaStream;
      track: MediaStreamTrack;
      /** Id of the camera a switch moves to, or null with one camera. */
      nextDeviceId: string | null;
      torch: TorchState;
    }
  | { status: 'failed'; error: CameraError };

export interface CameraHandle {
  state: CameraState;
  switchCamera: () => void;
  toggleTorch: () => void;
  retry: () => void;
}

/** Stops every track, which turns the camera and its light off. */
export function stopStream(stream: MediaStream): void {
  for (const track of stream.getTracks()) {
    track.stop();
  }
}

export function useCamera(
  mediaDevices: MediaDevices | undefined = navigator.mediaDevices,
): CameraHandle {
  const [state, setState] = useState<CameraState>({ status: 'starting' });
  const [deviceId, setDeviceId] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let active = true;
    let stream: MediaStream | null = null;

    const start = async () => {
      if (!mediaDevices?.getUserMedia) {
        throw new CameraError('unsupported');
      }
      stream = await mediaDevices.getUserMedia(cameraConstraints(deviceId));
      const track = stream.getVideoTracks()[0];
      if (!track) {
        throw new CameraError('not-found');
      }
      track.addEventListener('ended', () => {
        console.warn(`Camera "${track.label}" stopped`);
        if (active) {
          setState({ status: 'failed', error: new CameraError('ended') });
        }
      });
      // Device ids are listed only once the user allowed the camera.
      const devices = await mediaDevices.enumerateDevices();
      if (!active) {
        return;
      }
      const settings = track.getSettings();
      console.info(
        `Camera "${track.label}" started at ${settings.width} x ` +
          `${settings.height} pixels`,
      );
      setState({
        status: 'live',
        stream,
        track,
        nextDeviceId: nextCameraId(devices, settings.deviceId ?? null),
        torch: hasTorch(track) ? 'off' : 'unsupported',
      });
    };

    start().catch((error: unknown) => {
      console.warn('Starting the camera failed', error);
      if (stream) {
        stopStream(stream);
      }
      if (active) {
        setState({ status: 'failed', error: toCameraError(error) });
      }
    });

    return () => {
      active = false;
      if (stream) {
        stopStream(stream);
      }
    };
  }, [mediaDevices, deviceId, attempt]);

  const switchCamera = useCallback(() => {
    if (state.status === 'live' && state.nextDeviceId) {
      setState({ status: 'starting' });
      setDeviceId(state.nextDeviceId);
    }
  }, [state]);

  const toggleTorch = useCallback(() => {
    if (state.status !== 'live' || state.torch === 'unsupported') {
      return;
    }
    const { track } = state;
    const torch = state.torch === 'on' ? 'off' : 'on';
    setTorch(track, torch === 'on').then(
      () =>
        setState((current) =>
          current.status === 'live' && current.track === track
            ? { ...current, torch }
            : current,
        ),
      (error: unknown) => {
        console.warn('Switching the torch failed', error);
        setState((current) =>
          current.status === 'live' && current.track === track
            ? { ...current, torch: 'unsupported' }
            : current,
        );
      },
    );
  }, [state]);

  const retry = useCallback(() => {
    setState({ status: 'starting' });
    setAttempt((count) => count + 1);
  }, []);

  return { state, switchCamera, toggleTorch, retry };
}
