// Types of fake-model.mjs for the TypeScript tests.

export const HAM10000_SITES: string[];
export const LABELS: string[];
export const LABEL_NAMES: Record<string, string>;
export const OOD_THRESHOLD: number;

/** The manifest as JSON, before `parseManifest` types it. */
export type FakeManifest = Record<string, any>;

export function fakeManifestBody(options?: {
  size?: number;
  version?: string;
}): FakeManifest;

export function buildFakeModel(options?: {
  size?: number;
  classes?: number;
  version?: string;
}): { manifest: FakeManifest; files: Map<string, Buffer> };

export function toArrayBuffer(data: Buffer): ArrayBuffer;
