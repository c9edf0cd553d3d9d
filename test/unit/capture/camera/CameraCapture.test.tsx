// @vitest-environment jsdom
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { CameraCapture } from '../../../../src/capture/camera/CameraCapture';

type FakeTrack = Omit<MediaStreamTrack, 'stop' | 'applyConstraints'> & {
  stop: ReturnType<typeof vi.fn>;
  applyConstraints: ReturnType<typeof vi.fn>;
};

function fakeStream(deviceId: string, torch: boolean): MediaStream {
  const track = {
    kind: 'video',
    label: `camera ${deviceId}`,
    stop: vi.fn(),
    addEventListener: vi.fn(),
    getSettings: () => ({ deviceId, width: 640, height: 480 }),
    getCapabilities: () => (torch ? { torch: true } : {}),
    applyConstraints: vi.fn().mockResolvedValue(undefined),
  } as unknown as FakeTrack;
  return {
    getVideoTracks: () => [track],
    getTracks: () => [track],
  } as unknown as MediaStream;
}

function track(stream: MediaStream): FakeTrack {
  return stream.getVideoTracks()[0] as unknown as FakeTrack;
}

let media: {
  getUserMedia: ReturnType<typeof vi.fn>;
  enumerateDevices: ReturnType<typeof vi.fn>;
};

function setCameras(ids: string[]) {
  media.enumerateDevices.mockResolvedValue(
    ids.map((deviceId) => ({ kind: 'videoinput', deviceId })),
  );
}

describe('CameraCapture', () => {
  beforeEach(() => {
    media = {
      getUserMedia: vi.fn(),
      enumerateDevices: vi.fn(),
    };
    setCameras(['back']);
    Object.defineProperty(navigator, 'mediaDevices', {
      value: media,
      configurable: true,
    });
    vi.spyOn(console, 'info').mockImplementation(() => {});
    vi.spyOn(console, 'warn').mockImplementation(() => {});
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('opens the rear camera on request', async () => {
    const stream = fakeStream('back', false);
    media.getUserMedia.mockResolvedValue(stream);
    render(<CameraCapture onCapture={() => {}} />);
    expect(media.getUserMedia).not.toHaveBeenCalled();

    await userEvent.click(
      screen.getByRole('button', { name: 'Use the camera' }),
    );

    expect(screen.getByLabelText('Camera preview')).toBeInTheDocument();
    await waitFor(() => expect(media.enumerateDevices).toHaveBeenCalled());
    expect(media.getUserMedia.mock.calls[0]![0].video).toMatchObject({
      facingMode: { ideal: 'environment' },
    });
    expect(screen.queryByRole('button', { name: 'Torch' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Switch camera' })).toBeNull();
  });

  it('stops the stream when closed', async () => {
    const stream = fakeStream('back', false);
    media.getUserMedia.mockResolvedValue(stream);
    render(<CameraCapture onCapture={() => {}} />);
    await userEvent.click(
      screen.getByRole('button', { name: 'Use the camera' }),
    );
    await waitFor(() => expect(media.enumerateDevices).toHaveBeenCalled());

    await userEvent.click(
      screen.getByRole('button', { name: 'Close the camera' }),
    );

    expect(track(stream).stop).toHaveBeenCalled();
    expect(
      screen.getByRole('button', { name: 'Use the camera' }),
    ).toBeInTheDocument();
  });

  it('stops the stream when the page leaves the view', async () => {
    const stream = fakeStream('back', false);
    media.getUserMedia.mockResolvedValue(stream);
    const { unmount } = render(<CameraCapture onCapture={() => {}} />);
    await userEvent.click(
      screen.getByRole('button', { name: 'Use the camera' }),
    );
    await waitFor(() => expect(media.enumerateDevices).toHaveBeenCalled());

    unmount();

    expect(track(stream).stop).toHaveBeenCalled();
  });

  it('switches the torch where the camera has one', async () => {
    const stream = fakeStream('back', true);
    media.getUserMedia.mockResolvedValue(stream);
    render(<CameraCapture onCapture={() => {}} />);
    await userEvent.click(
      screen.getByRole('button', { name: 'Use the camera' }),
    );

    const torch = await screen.findByRole('button', { name: 'Torch' });
    expect(torch).toHaveAttribute('aria-pressed', 'false');
    await userEvent.click(torch);

    expect(track(stream).applyConstraints).toHaveBeenCalledWith({
      advanced: [{ torch: true }],
    });
    await waitFor(() => expect(torch).toHaveAttribute('aria-pressed', 'true'));
  });

  it('switches to the next camera', async () => {
    setCameras(['front', 'back']);
    const front = fakeStream('front', false);
    const back = fakeStream('back', false);
    media.getUserMedia.mockResolvedValueOnce(front).mockResolvedValueOnce(back);
    render(<CameraCapture onCapture={() => {}} />);
    await userEvent.click(
      screen.getByRole('button', { name: 'Use the camera' }),
    );

    await userEvent.click(
      await screen.findByRole('button', { name: 'Switch camera' }),
    );

    await waitFor(() => expect(media.getUserMedia).toHaveBeenCalledTimes(2));
    expect(media.getUserMedia.mock.calls[1]![0].video).toMatchObject({
      deviceId: { exact: 'back' },
    });
    expect(track(front).stop).toHaveBeenCalled();
    expect(track(back).stop).not.toHaveBeenCalled();
  });

  it('explains a denied camera and offers a file input', async () => {
    media.getUserMedia.mockRejectedValue(
      new DOMException('Permission denied', 'NotAllowedError'),
    );
    const onCapture = vi.fn();
    render(<CameraCapture onCapture={onCapture} />);
    await userEvent.click(
      screen.getByRole('button', { name: 'Use the camera' }),
    );

    expect(await screen.findByRole('alert')).toHaveTextContent(
      /^Camera access is blocked for OncoScan\./,
    );
    const input = screen.getByLabelText('Take or choose a photo');
    expect(input).toHaveAttribute('capture', 'environment');

    const file = new File(['x'], 'lesion.jpg', { type: 'image/jpeg' });
    await userEvent.upload(input, file);
    expect(onCapture).toHaveBeenCalledWith(file);
  });

  it('stops a stream that failed to start', async () => {
    const stream = fakeStream('back', false);
    media.getUserMedia.mockResolvedValue(stream);
    media.enumerateDevices.mockRejectedValue(new Error('no devices'));
    render(<CameraCapture onCapture={() => {}} />);
    await userEvent.click(
      screen.getByRole('button', { name: 'Use the camera' }),
    );

    expect(await screen.findByRole('alert')).toHaveTextContent(
      /^The camera could not be started\./,
    );
    expect(track(stream).stop).toHaveBeenCalled();
  });

  it('says so when the browser has no camera access', async () => {
    Object.defineProperty(navigator, 'mediaDevices', {
      value: undefined,
      configurable: true,
    });
    render(<CameraCapture onCapture={() => {}} />);
    await userEvent.click(
      screen.getByRole('button', { name: 'Use the camera' }),
    );

    expect(await screen.findByRole('alert')).toHaveTextContent(
      /^This browser does not let web pages use the camera/,
    );
  });

  it('starts again after a failure', async () => {
    media.getUserMedia
      .mockRejectedValueOnce(new DOMException('busy', 'NotReadableError'))
      .mockResolvedValueOnce(fakeStream('back', false));
    render(<CameraCapture onCapture={() => {}} />);
    await userEvent.click(
      screen.getByRole('button', { name: 'Use the camera' }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      /another app may be using it/,
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'Try the camera again' }),
    );

    await waitFor(() => expect(media.getUserMedia).toHaveBeenCalledTimes(2));
    expect(await screen.findByLabelText('Camera preview')).toBeInTheDocument();
  });
});
