import { describe, expect, it, vi } from 'vitest';

import {
  CameraError,
  toCameraError,
} from '../../../../src/capture/camera/camera-errors';
import {
  cameraConstraints,
  guideBox,
  hasTorch,
  nextCameraId,
  setTorch,
} from '../../../../src/capture/camera/camera-settings';
import { captureFileName } from '../../../../src/capture/camera/capture-frame';

function device(kind: MediaDeviceKind, deviceId: string) {
  return { kind, deviceId };
}

describe('cameraConstraints', () => {
  it('prefers the rear camera', () => {
    expect(cameraConstraints(null)).toEqual({
      audio: false,
      video: {
        facingMode: { ideal: 'environment' },
        width: { ideal: 1920 },
        height: { ideal: 1080 },
      },
    });
  });

  it('asks for exactly a chosen camera', () => {
    expect(cameraConstraints('back-2').video).toMatchObject({
      deviceId: { exact: 'back-2' },
    });
  });
});

describe('nextCameraId', () => {
  const devices = [
    device('audioinput', 'mic'),
    device('videoinput', 'front'),
    device('videoinput', 'back'),
  ];

  it('moves to the next camera and wraps around', () => {
    expect(nextCameraId(devices, 'front')).toBe('back');
    expect(nextCameraId(devices, 'back')).toBe('front');
  });

  it('starts with the first camera for an unknown id', () => {
    expect(nextCameraId(devices, null)).toBe('front');
    expect(nextCameraId(devices, 'gone')).toBe('front');
  });

  it('is null with one camera', () => {
    expect(nextCameraId([device('videoinput', 'back')], 'back')).toBeNull();
  });

  it('ignores cameras without ids', () => {
    // Browsers list empty ids before the user allows the camera.
    const unnamed = [device('videoinput', ''), device('videoinput', '')];
    expect(nextCameraId(unnamed, null)).toBeNull();
  });
});

describe('torch', () => {
  function track(capabilities: object | null) {
    return {
      getCapabilities: capabilities ? () => capabilities : undefined,
      applyConstraints: vi.fn().mockResolvedValue(undefined),
    } as unknown as MediaStreamTrack;
  }

  it('is available when the camera lists it', () => {
    expect(hasTorch(track({ torch: true }))).toBe(true);
  });

  it('is unavailable otherwise', () => {
    expect(hasTorch(track({}))).toBe(false);
    expect(hasTorch(track({ torch: false }))).toBe(false);
    expect(hasTorch(track(null))).toBe(false);
  });

  it('is switched through an advanced constraint', async () => {
    const camera = track({ torch: true });
    await setTorch(camera, true);
    expect(camera.applyConstraints).toHaveBeenCalledWith({
      advanced: [{ torch: true }],
    });
  });
});

describe('guideBox', () => {
  it('spans the height of a landscape frame', () => {
    expect(guideBox(640, 480)).toEqual({
      left: '12.5%',
      top: '0%',
      width: '75%',
      height: '100%',
    });
  });

  it('spans the width of a portrait frame', () => {
    expect(guideBox(480, 640)).toEqual({
      left: '0%',
      top: '12.5%',
      width: '100%',
      height: '75%',
    });
  });
});

describe('toCameraError', () => {
  it.each([
    ['NotAllowedError', 'denied'],
    ['SecurityError', 'denied'],
    ['NotFoundError', 'not-found'],
    ['OverconstrainedError', 'not-found'],
    ['NotReadableError', 'in-use'],
    ['AbortError', 'in-use'],
    ['TypeError', 'failed'],
  ])('maps %s to %s', (name, reason) => {
    const error = toCameraError(new DOMException('message', name));
    expect(error).toBeInstanceOf(CameraError);
    expect(error.reason).toBe(reason);
  });

  it('keeps a CameraError as it is', () => {
    const error = new CameraError('unsupported');
    expect(toCameraError(error)).toBe(error);
  });
});

describe('captureFileName', () => {
  it('names the capture after its UTC time', () => {
    expect(captureFileName(new Date('2024-05-01T14:03:22.123Z'))).toBe(
      'camera-2024-05-01-14-03-22.jpg',
    );
  });
});
