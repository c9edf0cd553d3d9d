/**
 * Random and mutated image files for the fuzz tests: bit flips,
 * truncations, overwritten ranges, splices of one file's header onto
 * another's body, and random bytes with and without an image signature.
 * A seeded generator makes every run produce the same files.
 */

export interface FuzzSource {
  /** File extension, without the dot. */
  extension: string;
  data: Uint8Array;
}

export interface FuzzFile {
  name: string;
  data: Uint8Array;
  /** How the file was made, for failure messages. */
  mutation: string;
}

/** Mulberry32: a small seeded PRNG with a 2^32 period. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Signatures that send random bytes down each decoder's path. */
const SIGNATURES: Record<string, number[]> = {
  jpg: [0xff, 0xd8, 0xff, 0xe0],
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  webp: [...'RIFF\0\0\0\0WEBPVP8 '].map((c) => c.charCodeAt(0)),
  heic: [0, 0, 0, 24, ...[...'ftypheic'].map((c) => c.charCodeAt(0))],
};

/** Largest random file, in bytes. */
const MAX_RANDOM_BYTES = 4096;

type Mutation = (
  source: FuzzSource,
  other: FuzzSource,
  random: () => number,
) => { data: Uint8Array; extension: string; detail: string };

function integer(random: () => number, below: number): number {
  return Math.floor(random() * below);
}

function randomBytes(random: () => number, length: number): Uint8Array {
  return Uint8Array.from({ length }, () => integer(random, 256));
}

const MUTATIONS: Record<string, Mutation> = {
  'bit-flips': (source, _other, random) => {
    const data = source.data.slice();
    const flips = 1 + integer(random, 32);
    for (let i = 0; i < flips; i++) {
      data[integer(random, data.length)]! ^= 1 << integer(random, 8);
    }
    return { data, extension: source.extension, detail: `${flips} bits` };
  },
  truncated: (source, _other, random) => {
    const length = 1 + integer(random, source.data.length - 1);
    return {
      data: source.data.slice(0, length),
      extension: source.extension,
      detail: `${length} bytes`,
    };
  },
  overwritten: (source, _other, random) => {
    const data = source.data.slice();
    const length = 1 + integer(random, 512);
    const start = integer(random, data.length);
    data.set(
      randomBytes(random, length).subarray(0, data.length - start),
      start,
    );
    return {
      data,
      extension: source.extension,
      detail: `${length} at ${start}`,
    };
  },
  spliced: (source, other, random) => {
    const cut = 1 + integer(random, Math.min(source.data.length, 1024));
    const data = new Uint8Array([
      ...source.data.subarray(0, cut),
      ...other.data.subarray(cut),
    ]);
    return {
      data,
      extension: source.extension,
      detail: `${cut} bytes of .${source.extension} on .${other.extension}`,
    };
  },
  'signed-random': (_source, _other, random) => {
    const extensions = Object.keys(SIGNATURES);
    const extension = extensions[integer(random, extensions.length)]!;
    const data = new Uint8Array([
      ...SIGNATURES[extension]!,
      ...randomBytes(random, integer(random, MAX_RANDOM_BYTES)),
    ]);
    return { data, extension, detail: `${data.length} bytes` };
  },
  random: (_source, _other, random) => {
    const data = randomBytes(random, integer(random, MAX_RANDOM_BYTES));
    return { data, extension: 'jpg', detail: `${data.length} bytes` };
  },
};

/** Makes `count` fuzz files from `sources`, cycling through mutations. */
export function makeFuzzFiles(
  sources: FuzzSource[],
  count: number,
  seed: number,
): FuzzFile[] {
  const random = seededRandom(seed);
  const names = Object.keys(MUTATIONS);
  const files: FuzzFile[] = [];
  for (let i = 0; i < count; i++) {
    const mutation = names[i % names.length]!;
    const source = sources[integer(random, sources.length)]!;
    const other = sources[integer(random, sources.length)]!;
    const made = MUTATIONS[mutation]!(source, other, random);
    const number = String(i).padStart(3, '0');
    files.push({
      name: `fuzz-${number}-${mutation}.${made.extension}`,
      data: made.data,
      mutation: `${mutation} (${made.detail}) of .${source.extension}`,
    });
  }
  return files;
}
