/**
 * The in-page camera with Chromium's fake camera, which plays a clip made
 * from a fixture photo: preview with framing guide, capture, analysis, and
 * the stream stopped afterwards. Then a denied permission and a machine
 * without a camera: the message and the file inputs that still work.
 */

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { RgbaImage } from '../../src/preprocess/images';
import { encodeY4m } from '../helpers/y4m';
import {
  analysePhoto,
  ANALYSIS_TIMEOUT_MS,
  openSession,
  parsePercent,
  waitForModel,
  type Session,
} from './browser';
import { runAxe } from './axe';
import {
  pickPhoto,
  readAnalysedSquare,
  shippedInputSize,
  squareDifference,
  waitForPhoto,
} from './photo-page';

const PHOTO = fileURLToPath(
  new URL('../fixtures/images/ISIC_0025964.jpg', import.meta.url),
);

/** Size of the fake camera's frames, in pixels: landscape, like phones. */
const FRAME_WIDTH = 640;
const FRAME_HEIGHT = 480;

/**
 * Largest mean difference between the captured model input and the one
 * made from the clip's RGB frame, in levels of 0-255. It covers the
 * clip's 4:2:0 chroma, Chromium's YUV to RGB conversion and the capture's
 * JPEG encoding (2.1 measured with Chromium 156).
 */
const CAPTURE_TOLERANCE = 6;

/**
 * Records the constraints and tracks of every `getUserMedia` call, so
 * the test can check that the app asked for the rear camera and stopped
 * the stream.
 */
const RECORD_STREAMS_SCRIPT = `
  window.__cameraRequests = [];
  window.__cameraTracks = [];
  const media = navigator.mediaDevices;
  if (media) {
    const getUserMedia = media.getUserMedia.bind(media);
    media.getUserMedia = async (constraints) => {
      window.__cameraRequests.push(constraints);
      const stream = await getUserMedia(constraints);
      window.__cameraTracks.push(...stream.getTracks());
      return stream;
    };
  }
`;

function trackStates(session: Session): Promise<string[]> {
  return session.page.evaluate(() =>
    (
      window as unknown as { __cameraTracks: MediaStreamTrack[] }
    ).__cameraTracks.map((track) => track.readyState),
  );
}

describe('camera capture', () => {
  const baseUrl = inject('baseUrl');
  let folder: string;
  let frame: RgbaImage;
  let session: Session;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'oncoscan-camera-'));
    const rgb = await sharp(PHOTO)
      .resize(FRAME_WIDTH, FRAME_HEIGHT, { fit: 'fill' })
      .removeAlpha()
      .raw()
      .toBuffer();
    frame = {
      data: await sharp(rgb, {
        raw: { width: FRAME_WIDTH, height: FRAME_HEIGHT, channels: 3 },
      })
        .ensureAlpha()
        .raw()
        .toBuffer(),
      width: FRAME_WIDTH,
      height: FRAME_HEIGHT,
    };
    const clip = join(folder, 'lesion.y4m');
    const still = { data: rgb, width: FRAME_WIDTH, height: FRAME_HEIGHT };
    await writeFile(clip, encodeY4m([still, still]));

    session = await openSession({
      args: [
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        `--use-file-for-fake-video-capture=${clip}`,
      ],
    });
    await session.context.addInitScript(RECORD_STREAMS_SCRIPT);
    await session.page.goto(baseUrl);
    await waitForModel(session.page);
  });

  afterAll(async () => {
    await session?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('shows the rear camera with a framing guide', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Use the camera' }).click();
    const guide = page.getByTestId('framing-guide');
    await guide.waitFor();

    const requests = await page.evaluate(
      () =>
        (window as unknown as { __cameraRequests: MediaStreamConstraints[] })
          .__cameraRequests,
    );
    expect(requests).toHaveLength(1);
    expect(requests[0]!.video).toMatchObject({
      facingMode: { ideal: 'environment' },
    });

    const video = (await page.getByTestId('camera-preview').boundingBox())!;
    const box = (await guide.boundingBox())!;
    expect(video.width / video.height).toBeCloseTo(
      FRAME_WIDTH / FRAME_HEIGHT,
      2,
    );
    // The centred square of a landscape frame: full height, centred.
    expect(box.height).toBeCloseTo(video.height, 0);
    expect(box.width).toBeCloseTo(box.height, 0);
    expect(box.y).toBeCloseTo(video.y, 0);
    expect(box.x - video.x).toBeCloseTo(
      video.x + video.width - (box.x + box.width),
      0,
    );

    // The fake camera has no torch and is the only camera.
    expect(await page.getByRole('button', { name: 'Torch' }).count()).toBe(0);
    expect(
      await page.getByRole('button', { name: 'Switch camera' }).count(),
    ).toBe(0);
    expect(await trackStates(session)).toEqual(['live']);
  });

  it('has no axe violations with the camera open', async () => {
    const { violations, passed } = await runAxe(session);
    expect(violations).toEqual([]);
    expect(passed).toContain('color-contrast');
  });

  it('captures a frame and analyses it', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Take photo' }).click();
    await page.getByTestId('photo-caption').waitFor();
    const caption = await page.getByTestId('photo-caption').innerText();
    expect(caption).toMatch(
      new RegExp(
        `^camera-[\\d-]+\\.jpg, ${FRAME_WIDTH} x ${FRAME_HEIGHT} pixels$`,
      ),
    );
    expect(await trackStates(session)).toEqual(['ended']);
    expect(await page.getByTestId('camera-preview').count()).toBe(0);

    const square = await readAnalysedSquare(page);
    const difference = squareDifference(
      square,
      frame,
      await shippedInputSize(),
    );
    expect(difference).toBeLessThan(CAPTURE_TOLERANCE);

    await page.getByRole('button', { name: 'Analyse' }).click();
    const text = await page
      .getByTestId('malignant-probability')
      .innerText({ timeout: ANALYSIS_TIMEOUT_MS });
    const probability = parsePercent(text);
    expect(probability).toBeGreaterThanOrEqual(0);
    expect(probability).toBeLessThanOrEqual(1);
  });

  it('stops the camera when closed', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Use the camera' }).click();
    await page.getByTestId('framing-guide').waitFor();
    expect(await trackStates(session)).toEqual(['ended', 'live']);

    await page.getByRole('button', { name: 'Close the camera' }).click();

    expect(await trackStates(session)).toEqual(['ended', 'ended']);
    expect(
      await page.getByRole('button', { name: 'Use the camera' }).isVisible(),
    ).toBe(true);
  });

  it('logged no errors', () => {
    expect(session.errors).toEqual([]);
  });
});

describe('camera denied', () => {
  const baseUrl = inject('baseUrl');
  let session: Session;

  beforeAll(async () => {
    session = await openSession({
      args: ['--use-fake-device-for-media-stream', '--deny-permission-prompts'],
    });
    await session.page.goto(baseUrl);
    await waitForModel(session.page);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('explains the denial and offers a file input', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Use the camera' }).click();

    const error = page.getByTestId('camera-error');
    await error.waitFor();
    expect(await error.innerText()).toBe(
      'Camera access is blocked for OncoScan. Allow the camera in the ' +
        "browser's site settings and try again, or choose a photo file " +
        'instead.',
    );
    const fallback = page.getByLabel('Take or choose a photo');
    expect(await fallback.getAttribute('capture')).toBe('environment');

    await fallback.setInputFiles(PHOTO);
    const outcome = await waitForPhoto(page, 'ISIC_0025964.jpg');
    expect(outcome.kind).toBe('ready');
    expect(await page.getByTestId('camera-error').count()).toBe(0);
  });

  it('still analyses a photo from the picker', async () => {
    const probability = await analysePhoto(session.page, PHOTO);
    expect(probability).toBeGreaterThanOrEqual(0);
    expect(probability).toBeLessThanOrEqual(1);
  });
});

describe('no camera', () => {
  const baseUrl = inject('baseUrl');
  let session: Session;

  beforeAll(async () => {
    session = await openSession();
    await session.page.goto(baseUrl);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('says no camera was found', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Use the camera' }).click();
    const error = page.getByTestId('camera-error');
    await error.waitFor();
    expect(await error.innerText()).toBe(
      'No camera was found on this device, so choose a photo file instead.',
    );
    const outcome = await pickPhoto(page, PHOTO);
    expect(outcome.kind).toBe('ready');
  });
});
