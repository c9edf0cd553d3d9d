/**
 * Pure helpers of the camera view: stream constraints, camera switching,
 * torch support and the framing guide.
 */

import { centredSquare } from '../../preprocess/crop';

/**
 * Resolution requested from the camera, in pixels. Full HD is offered by
 * nearly every phone's rear camera, and its centred 1080-pixel square is
 * over 5 times the model's input.
 */
export const IDEAL_WIDTH = 1920;
export const IDEAL_HEIGHT = 1080;

/**
 * Returns `getUserMedia` constraints: the rear camera (`environment`) by
 * preference, or exactly `deviceId` once the user switched cameras.
 */
export function cameraConstraints(
  deviceId: string | null,
): MediaStreamConstraints {
  const resolution = {
    width: { ideal: IDEAL_WIDTH },
    height: { ideal: IDEAL_HEIGHT },
  };
  return {
    audio: false,
    video: deviceId
      ? { deviceId: { exact: deviceId }, ...resolution }
      : { facingMode: { ideal: 'environment' }, ...resolution },
  };
}

/**
 * Returns the id of the camera after `currentId` among the video inputs,
 * wrapping around, or null when there is no other camera.
 */
export function nextCameraId(
  devices: readonly Pick<MediaDeviceInfo, 'kind' | 'deviceId'>[],
  currentId: string | null,
): string | null {
  const cameras = devices
    .filter((device) => device.kind === 'videoinput' && device.deviceId)
    .map((device) => device.deviceId);
  if (cameras.length < 2) {
    return null;
  }
  const index = currentId === null ? -1 : cameras.indexOf(currentId);
  return cameras[(index + 1) % cameras.length]!;
}

/**
 * `torch` is a constraint of the Image Capture specification that Chrome
 * on Android supports; TypeScript's DOM types do not list it.
 */
interface TorchCapabilities extends MediaTrackCapabilities {
  torch?: boolean;
}

/** Returns whether the track's camera has a torch the page can switch. */
export function hasTorch(track: MediaStreamTrack): boolean {
  if (typeof track.getCapabilities !== 'function') {
    return false;
  }
  return (track.getCapabilities() as TorchCapabilities).torch === true;
}

/** Switches the torch of the track's camera on or off. */
export function setTorch(track: MediaStreamTrack, on: boolean): Promise<void> {
  return track.applyConstraints({
    advanced: [{ torch: on } as MediaTrackConstraintSet],
  });
}

/** Position of the framing guide as CSS percentages of the video frame. */
export interface GuideBox {
  left: string;
  top: string;
  width: string;
  height: string;
}

function percent(part: number, whole: number): string {
  return `${(part / whole) * 100}%`;
}

/**
 * Returns the framing guide over a `videoWidth` x `videoHeight` frame:
 * the centred square that `toModelInput` crops from the captured photo.
 */
export function guideBox(videoWidth: number, videoHeight: number): GuideBox {
  const square = centredSquare(videoWidth, videoHeight);
  return {
    left: percent(square.x, videoWidth),
    top: percent(square.y, videoHeight),
    width: percent(square.width, videoWidth),
    height: percent(square.height, videoHeight),
  };
}
