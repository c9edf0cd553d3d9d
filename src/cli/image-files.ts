/**
 * The image files under a folder, found by extension and listed in a
 * stable order, each with the `image_id` the results and metadata use.
 */

import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';

/**
 * Extensions that are listed, in lower case. Besides JPEG, PNG and WebP,
 * the formats a camera or an export may produce are listed too, so each
 * gets a result row with a status that says why it was not scored.
 */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set([
  '.jpg',
  '.jpeg',
  '.jpe',
  '.jfif',
  '.png',
  '.apng',
  '.webp',
  '.gif',
  '.heic',
  '.heif',
  '.avif',
  '.bmp',
  '.tif',
  '.tiff',
]);

export interface ImageFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the scanned folder, with `/` between parts. */
  relativePath: string;
  /** File name without its extension, as in HAM10000's `image_id`. */
  imageId: string;
}

export interface ImageListing {
  images: ImageFile[];
  /** Files skipped for their extension, or hidden (name starts with `.`). */
  skipped: number;
}

/** Returns the file name without its last extension. */
export function imageIdOf(fileName: string): string {
  const extension = extname(fileName);
  return extension === '' ? fileName : fileName.slice(0, -extension.length);
}

/** Orders paths by UTF-16 code units, the same on every machine. */
export function comparePaths(a: string, b: string): number {
  if (a < b) {
    return -1;
  }
  return a > b ? 1 : 0;
}

/** Follows a symbolic link to a file, but not to a folder. */
async function isFile(entry: Dirent, path: string): Promise<boolean> {
  if (!entry.isSymbolicLink()) {
    return entry.isFile();
  }
  try {
    return (await stat(path)).isFile();
  } catch {
    return false; // a broken link
  }
}

/**
 * Lists the image files under `folder` and its subfolders, sorted by
 * relative path. Hidden files and folders are skipped, and so are
 * symbolic links to folders, which could form a cycle.
 */
export async function listImageFiles(folder: string): Promise<ImageListing> {
  const images: ImageFile[] = [];
  let skipped = 0;
  const pending = [folder];
  while (pending.length > 0) {
    const current = pending.pop()!;
    const entries = await readdir(current, { withFileTypes: true });
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (entry.name.startsWith('.')) {
        skipped += entry.isDirectory() ? 0 : 1;
        continue;
      }
      if (entry.isDirectory()) {
        pending.push(path);
        continue;
      }
      const extension = extname(entry.name).toLowerCase();
      if (!IMAGE_EXTENSIONS.has(extension) || !(await isFile(entry, path))) {
        skipped += 1;
        continue;
      }
      images.push({
        path,
        relativePath: relative(folder, path).split(sep).join('/'),
        imageId: imageIdOf(entry.name),
      });
    }
  }
  images.sort((a, b) => comparePaths(a.relativePath, b.relativePath));
  return { images, skipped };
}

/**
 * Extensions of formats that the predictor cannot decode. A file with one
 * of them gets a row with the reason, so it never takes an `image_id` from
 * a photo of another format that can be scored.
 */
const UNDECODED_EXTENSIONS: ReadonlySet<string> = new Set([
  '.heic',
  '.heif',
  '.bmp',
  '.tif',
  '.tiff',
]);

function isDecodedExtension(image: ImageFile): boolean {
  return !UNDECODED_EXTENSIONS.has(extname(image.relativePath).toLowerCase());
}

/**
 * Returns, for each file whose `image_id` another file already has, the
 * relative path of that other file. The first file in list order keeps
 * the id, except that a file of a format the predictor decodes comes
 * before one it cannot, so `lesion.heic` never blocks `lesion.jpg`.
 */
export function findDuplicateIds(
  images: readonly ImageFile[],
): Map<ImageFile, string> {
  const owner = new Map<string, string>();
  const claim = (candidates: readonly ImageFile[]) => {
    for (const image of candidates) {
      if (!owner.has(image.imageId)) {
        owner.set(image.imageId, image.relativePath);
      }
    }
  };
  claim(images.filter(isDecodedExtension));
  claim(images);

  const duplicates = new Map<ImageFile, string>();
  for (const image of images) {
    const path = owner.get(image.imageId)!;
    if (path !== image.relativePath) {
      duplicates.set(image, path);
    }
  }
  return duplicates;
}
