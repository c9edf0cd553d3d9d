/** The `--help` text, built from the constants it describes. */

import { MAX_PIXELS } from '../capture/photo-limits';
import { METADATA_COLUMNS } from './metadata-csv';
import { CLI_BACKENDS } from './options';
import { STATUS_DESCRIPTIONS } from './image-status';
import { FLAG_DESCRIPTIONS, FLAG_SEPARATOR } from './photo-flags';
import { PROBABILITY_DECIMALS, RESULT_COLUMNS } from './results-csv';

function failureDescriptions(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(STATUS_DESCRIPTIONS).filter(([status]) => status !== 'ok'),
  );
}

/** Width of the name column in the lists of statuses and flags. */
const NAME_WIDTH = Math.max(
  ...[
    ...Object.keys(STATUS_DESCRIPTIONS),
    ...Object.keys(FLAG_DESCRIPTIONS),
  ].map((name) => name.length),
);

/** Lines of "  name  meaning", with the meanings in one column. */
function describedLines(descriptions: Record<string, string>): string {
  return Object.entries(descriptions)
    .map(([name, meaning]) => `  ${name.padEnd(NAME_WIDTH)}  ${meaning}`)
    .join('\n');
}

export function helpText(): string {
  const columns = Object.values(METADATA_COLUMNS).join(',');
  return `Scores every image under a folder with the OncoScan model, in Node.

Usage:
  npm run predict -- --images DIR [--metadata FILE] [--out FILE]

Options:
  --images DIR     folder to score; JPEG, PNG, WebP, AVIF and GIF files in
                   it and its subfolders are read, in order of their path.
                   HEIC, BMP and TIFF files get a row saying why they were
                   not scored. Hidden files and files with other extensions
                   are skipped.
  --metadata FILE  CSV with the columns ${columns}
                   (HAM10000's names and values, other columns ignored).
                   image_id is the file name without its extension.
  --out FILE       results CSV to write (default: standard output). It is
                   written under a temporary name and renamed at the end,
                   so a failed run leaves any earlier file as it was.
  --model DIR      exported model folder (default: public/model/)
  --backend NAME   TensorFlow.js backend: ${CLI_BACKENDS.join(' or ')} (default: ${CLI_BACKENDS[0]})
  -h, --help       print this text

Relative paths are taken from the folder npm was started in.

Metadata: an image with no row, or a blank cell, NA, NaN or "unknown",
counts as unknown. Any other value the model does not know stops the run
before scoring: an age that is not a number of years in the range of the
model's manifest, or a sex or site not in its list (matched without regard
to case). The message gives the line of each, because a silent "unknown"
would change those results without notice. A header without the columns
above, a row with a different number of fields, or one image_id with two
different rows stops the run too.

Output: one row per image file, with the header
  ${RESULT_COLUMNS.join(',')}
Probabilities have ${PROBABILITY_DECIMALS} decimals. The status of an image is
${describedLines({ ok: STATUS_DESCRIPTIONS.ok })}
or, for a scored image with warnings, which keeps its probabilities, the
warnings joined by "${FLAG_SEPARATOR}" (so the cell needs no quotes), such as
blurry${FLAG_SEPARATOR}out_of_distribution. They are the app's warnings:
${describedLines(FLAG_DESCRIPTIONS)}
or, with empty probabilities, the reason the image could not be scored:
${describedLines(failureDescriptions())}
Images above ${MAX_PIXELS / 1e6} megapixels are too_large, checked from the header before
any pixel is decoded. Progress, warnings for each image that failed and a
summary go to standard error.

Exit status: 0 when every image has a row (whatever its status), 1 when the
model or the output failed, 2 on a usage error, 130 when interrupted.
`;
}
