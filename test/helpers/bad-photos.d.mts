// Types of bad-photos.mjs for the TypeScript tests.

import type { Sharp } from 'sharp';

import type { RgbaImage } from '../../src/preprocess/images';

export function borderColour(
  source: Buffer,
): Promise<{ r: number; g: number; b: number }>;
export function blurred(source: Buffer, sigma: number): Sharp;
export function exposed(source: Buffer, gain: number, offset?: number): Sharp;
export function shrunkLesion(source: Buffer, scale: number): Promise<Sharp>;
export function shiftedFrame(source: Buffer, share: number): Promise<Sharp>;
export function toRgba(pipeline: Sharp): Promise<RgbaImage>;
