// Prints the gzipped size of every JavaScript file in dist/ and their total,
// the figure the bundle budget applies to. Run `npm run build` first.
// `npm run bench` imports measureJavaScript from here.

import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const DIST = 'dist';

async function* files(folder) {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      yield* files(path);
    } else if (entry.name.endsWith('.js')) {
      yield path;
    }
  }
}

/**
 * Returns the raw and gzipped (level 9) size of every JavaScript file under
 * `folder`, largest gzipped first, and the gzipped total.
 */
export async function measureJavaScript(folder = DIST) {
  let gzipBytes = 0;
  const rows = [];
  for await (const path of files(folder)) {
    const data = await readFile(path);
    const gzipped = gzipSync(data, { level: 9 }).byteLength;
    gzipBytes += gzipped;
    rows.push({
      path: relative(folder, path),
      bytes: data.byteLength,
      gzipBytes: gzipped,
    });
  }
  rows.sort((a, b) => b.gzipBytes - a.gzipBytes);
  return { files: rows, gzipBytes };
}

async function main() {
  const { files: rows, gzipBytes } = await measureJavaScript(DIST);
  if (rows.length === 0) {
    console.error(`No JavaScript in ${DIST}/; run \`npm run build\` first`);
    process.exit(1);
  }

  const kilobytes = (bytes) => (bytes / 1024).toFixed(1).padStart(8);
  console.log('     raw KiB  gzip KiB  file');
  for (const row of rows) {
    console.log(
      `${kilobytes(row.bytes)}  ${kilobytes(row.gzipBytes)}  ${row.path}`,
    );
  }
  console.log(`total gzipped JavaScript: ${kilobytes(gzipBytes).trim()} KiB`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main();
}
