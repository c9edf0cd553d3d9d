// Prints the gzipped size of every JavaScript file in dist/ and their total,
// the figure the bundle budget applies to. Run `npm run build` first.

import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
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

let total = 0;
const rows = [];
for await (const path of files(DIST)) {
  const data = await readFile(path);
  const gzipped = gzipSync(data, { level: 9 }).byteLength;
  total += gzipped;
  rows.push([relative(DIST, path), data.byteLength, gzipped]);
}
if (rows.length === 0) {
  console.error(`No JavaScript in ${DIST}/; run \`npm run build\` first`);
  process.exit(1);
}

const kilobytes = (bytes) => (bytes / 1024).toFixed(1).padStart(8);
rows.sort((a, b) => b[2] - a[2]);
console.log('     raw KiB  gzip KiB  file');
for (const [path, raw, gzipped] of rows) {
  console.log(`${kilobytes(raw)}  ${kilobytes(gzipped)}  ${path}`);
}
console.log(`total gzipped JavaScript: ${kilobytes(total).trim()} KiB`);
