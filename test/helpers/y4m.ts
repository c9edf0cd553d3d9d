/**
 * A minimal YUV4MPEG2 (Y4M) writer for Chromium's fake camera
 * (`--use-file-for-fake-video-capture`), which loops the clip's frames.
 */

/** RGB frame, 3 bytes a pixel, rows top to bottom. */
export interface RgbFrame {
  data: Uint8Array;
  width: number;
  height: number;
}

function clampByte(value: number): number {
  return Math.min(255, Math.max(0, Math.round(value)));
}

/**
 * Converts RGB to limited-range BT.601 Y'CbCr (Y 16-235, Cb and Cr
 * 16-240), the range Chromium assumes for camera frames, with 4:2:0
 * chroma averaged over each 2 x 2 block.
 */
function toI420(frame: RgbFrame): Uint8Array {
  const { data, width, height } = frame;
  const chromaWidth = width / 2;
  const chromaHeight = height / 2;
  const out = new Uint8Array(width * height + 2 * chromaWidth * chromaHeight);
  const uOffset = width * height;
  const vOffset = uOffset + chromaWidth * chromaHeight;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
      out[y * width + x] = clampByte(
        16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255,
      );
    }
  }
  for (let cy = 0; cy < chromaHeight; cy++) {
    for (let cx = 0; cx < chromaWidth; cx++) {
      let u = 0;
      let v = 0;
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const) {
        const i = ((cy * 2 + dy) * width + cx * 2 + dx) * 3;
        const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
        u += 128 + (-37.797 * r - 74.203 * g + 112 * b) / 255;
        v += 128 + (112 * r - 93.786 * g - 18.214 * b) / 255;
      }
      out[uOffset + cy * chromaWidth + cx] = clampByte(u / 4);
      out[vOffset + cy * chromaWidth + cx] = clampByte(v / 4);
    }
  }
  return out;
}

/** Encodes frames of even width and height as a Y4M clip. */
export function encodeY4m(frames: RgbFrame[], framesPerSecond = 30): Buffer {
  const { width, height } = frames[0]!;
  if (width % 2 !== 0 || height % 2 !== 0) {
    throw new RangeError(
      `Y4M 4:2:0 needs even sizes, got ${width} x ${height}`,
    );
  }
  const header =
    `YUV4MPEG2 W${width} H${height} F${framesPerSecond}:1 Ip A1:1 ` +
    'C420jpeg\n';
  const parts: Uint8Array[] = [Buffer.from(header, 'ascii')];
  for (const frame of frames) {
    parts.push(Buffer.from('FRAME\n', 'ascii'), toI420(frame));
  }
  return Buffer.concat(parts);
}
