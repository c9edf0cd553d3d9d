import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  comparePaths,
  findDuplicateIds,
  imageIdOf,
  listImageFiles,
  type ImageFile,
} from '../../../src/cli/image-files';

describe('imageIdOf', () => {
  it.each([
    ['ISIC_0024698.jpg', 'ISIC_0024698'],
    ['ISIC_0024698.JPEG', 'ISIC_0024698'],
    ['lesion.v2.png', 'lesion.v2'],
    ['no-extension', 'no-extension'],
  ])('returns %s without its extension', (name, imageId) => {
    expect(imageIdOf(name)).toBe(imageId);
  });
});

describe('comparePaths', () => {
  it('orders by code unit, not locale', () => {
    const paths = ['b.jpg', 'B.jpg', 'a/z.jpg', 'a.jpg', 'é.jpg', 'e.jpg'];

    expect([...paths].sort(comparePaths)).toEqual([
      'B.jpg',
      'a.jpg',
      'a/z.jpg',
      'b.jpg',
      'e.jpg',
      'é.jpg',
    ]);
  });
});

describe('listImageFiles', () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'oncoscan-list-'));
    const files = [
      'b.jpg',
      'a.PNG',
      'part_2/c.webp',
      'part_1/deep/d.jpeg',
      'part_1/e.heic',
      'notes.txt',
      'metadata.csv',
      '.hidden.jpg',
      '.git/objects/f.jpg',
      'no-extension',
    ];
    for (const file of files) {
      await mkdir(join(folder, file, '..'), { recursive: true });
      await writeFile(join(folder, file), 'x');
    }
    await symlink(join(folder, 'b.jpg'), join(folder, 'link.jpg'));
    await symlink(join(folder, 'part_2'), join(folder, 'linked-folder'));
    await symlink(join(folder, 'missing.jpg'), join(folder, 'broken.jpg'));
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('lists images recursively in path order', async () => {
    const { images } = await listImageFiles(folder);

    expect(images.map((image) => image.relativePath)).toEqual([
      'a.PNG',
      'b.jpg',
      'link.jpg',
      'part_1/deep/d.jpeg',
      'part_1/e.heic',
      'part_2/c.webp',
    ]);
  });

  it('gives each image its id and absolute path', async () => {
    const { images } = await listImageFiles(folder);
    const deep = images.find((image) => image.imageId === 'd');

    expect(deep?.path).toBe(join(folder, 'part_1', 'deep', 'd.jpeg'));
  });

  it('counts the files it skips', async () => {
    const { skipped } = await listImageFiles(folder);

    // notes.txt, metadata.csv, .hidden.jpg, no-extension, the link to a
    // folder and the broken link.
    expect(skipped).toBe(6);
  });

  it('rejects a missing folder', async () => {
    await expect(listImageFiles(join(folder, 'nope'))).rejects.toThrow(
      'ENOENT',
    );
  });
});

describe('findDuplicateIds', () => {
  const file = (relativePath: string, imageId: string): ImageFile => ({
    path: `/data/${relativePath}`,
    relativePath,
    imageId,
  });

  it('marks later files with an earlier id', () => {
    const first = file('part_1/ISIC_1.jpg', 'ISIC_1');
    const second = file('part_2/ISIC_1.png', 'ISIC_1');
    const other = file('part_2/ISIC_2.jpg', 'ISIC_2');

    const duplicates = findDuplicateIds([first, second, other]);

    expect(duplicates.size).toBe(1);
    expect(duplicates.get(second)).toBe('part_1/ISIC_1.jpg');
  });

  it('lets a decodable photo keep its id', () => {
    const heic = file('lesion.heic', 'lesion');
    const jpeg = file('lesion.jpg', 'lesion');
    const webp = file('lesion.webp', 'lesion');

    const duplicates = findDuplicateIds([heic, jpeg, webp]);

    expect(duplicates.has(jpeg)).toBe(false);
    expect(duplicates.get(heic)).toBe('lesion.jpg');
    expect(duplicates.get(webp)).toBe('lesion.jpg');
  });
});
