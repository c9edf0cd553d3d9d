/**
 * The `--metadata` CSV: one row per image with HAM10000's column names
 * (`image_id,age,sex,localization`) and values. Other columns, such as the
 * rest of `HAM10000_metadata.csv`, are ignored.
 *
 * A value the model does not know is an error that names its line, not a
 * silent "unknown": a misspelt site would otherwise change the result of
 * every image that has it without notice. Blank cells, `NA`, `NaN` and
 * `unknown` count as unknown, and images with no row are unknown in all
 * three fields.
 */

import { CsvError, parse, type Info } from 'csv-parse/sync';

import { AGE_PATTERN } from '../capture/patient-form';
import { UNKNOWN, type PatientMetadata } from '../preprocess/metadata';
import type { CategoricalEncoding, MetadataEncoding } from '../shared/manifest';
import { UsageError } from './errors';

/** Column names, as in HAM10000's `HAM10000_metadata.csv`. */
export const METADATA_COLUMNS = {
  imageId: 'image_id',
  age: 'age',
  sex: 'sex',
  site: 'localization',
} as const;

/** Cell values, in lower case, that mean the field is unknown. */
export const UNKNOWN_VALUES: ReadonlySet<string> = new Set([
  '',
  'na',
  'nan',
  UNKNOWN,
]);

/** Invalid cells listed in one error message. The rest are counted. */
export const MAX_LISTED_PROBLEMS = 10;

type Column = keyof typeof METADATA_COLUMNS;

function columnIndexes(header: string[], file: string): Record<Column, number> {
  const names = header.map((name) => name.trim().toLowerCase());
  const missing = Object.values(METADATA_COLUMNS).filter(
    (name) => !names.includes(name),
  );
  if (missing.length > 0) {
    throw new UsageError(
      `Metadata file ${file} has no column ${missing.join(', ')} in its ` +
        `header line (found: ${header.join(',')}). The header must name ` +
        `${Object.values(METADATA_COLUMNS).join(', ')}, as in HAM10000.`,
    );
  }
  return {
    imageId: names.indexOf(METADATA_COLUMNS.imageId),
    age: names.indexOf(METADATA_COLUMNS.age),
    sex: names.indexOf(METADATA_COLUMNS.sex),
    site: names.indexOf(METADATA_COLUMNS.site),
  };
}

/**
 * Reads one age cell: null when unknown, or a number of years. Returns an
 * error message instead when the cell is invalid.
 */
export function parseAge(
  cell: string,
  encoding: MetadataEncoding,
): { age: number | null } | { problem: string } {
  const text = cell.trim();
  if (UNKNOWN_VALUES.has(text.toLowerCase())) {
    return { age: null };
  }
  const { min, max } = encoding.age;
  const age = Number(text);
  if (!AGE_PATTERN.test(text) || age < min || age > max) {
    return {
      problem: `age "${cell}" is not a number of years from ${min} to ${max}`,
    };
  }
  return { age };
}

/**
 * Reads one sex or site cell: null when unknown, or one of the model's
 * values, matched without regard to case. Returns an error message
 * instead when the value is not one of them.
 */
export function parseCategory(
  cell: string,
  field: CategoricalEncoding,
  column: string,
): { value: string | null } | { problem: string } {
  const text = cell.trim().toLowerCase();
  if (UNKNOWN_VALUES.has(text)) {
    return { value: null };
  }
  if (!field.values.includes(text)) {
    return {
      problem:
        `${column} "${cell}" is not one of the model's values: ` +
        field.values.join(', '),
    };
  }
  return { value: text };
}

/** A record as csv-parse returns it with `info: true`. */
interface CsvRecord {
  record: string[];
  info: Info;
}

function parseRecords(text: string, file: string): CsvRecord[] {
  try {
    // csv-parse's types do not model `info: true`, which wraps each record.
    return parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
    }) as unknown as CsvRecord[];
  } catch (error) {
    if (error instanceof CsvError) {
      throw new UsageError(
        `Metadata file ${file} is not valid CSV: ${error.message}.`,
        { cause: error },
      );
    }
    throw error;
  }
}

function sameRow(a: PatientMetadata, b: PatientMetadata): boolean {
  return a.age === b.age && a.sex === b.sex && a.site === b.site;
}

type ParsedRow =
  { imageId: string; patient: PatientMetadata } | { problems: string[] };

function parseRow(
  cell: (column: Column) => string,
  encoding: MetadataEncoding,
): ParsedRow {
  const imageId = cell('imageId').trim();
  const age = parseAge(cell('age'), encoding);
  const sex = parseCategory(cell('sex'), encoding.sex, METADATA_COLUMNS.sex);
  const site = parseCategory(
    cell('site'),
    encoding.site,
    METADATA_COLUMNS.site,
  );
  if (
    imageId === '' ||
    'problem' in age ||
    'problem' in sex ||
    'problem' in site
  ) {
    const problems: string[] = [];
    if (imageId === '') {
      problems.push('image_id is empty');
    }
    for (const result of [age, sex, site]) {
      if ('problem' in result) {
        problems.push(result.problem);
      }
    }
    return { problems };
  }
  return {
    imageId,
    patient: { age: age.age, sex: sex.value, site: site.value },
  };
}

/**
 * Parses the metadata CSV into patient details keyed by `image_id`.
 * Throws a `UsageError` that lists every invalid cell with its line
 * number, so one run shows all there is to fix.
 */
export function parseMetadataCsv(
  text: string,
  encoding: MetadataEncoding,
  file: string,
): Map<string, PatientMetadata> {
  const records = parseRecords(text, file);
  const [header, ...rows] = records;
  if (!header) {
    throw new UsageError(
      `Metadata file ${file} is empty. Its first line must be the header ` +
        `${Object.values(METADATA_COLUMNS).join(',')}.`,
    );
  }
  const columns = columnIndexes(header.record, file);

  const problems: string[] = [];
  const byId = new Map<string, { line: number; patient: PatientMetadata }>();
  for (const { record, info } of rows) {
    const line = info.lines;
    const row = parseRow((column) => record[columns[column]] ?? '', encoding);
    if ('problems' in row) {
      problems.push(
        ...row.problems.map((problem) => `line ${line}: ${problem}`),
      );
      continue;
    }
    const earlier = byId.get(row.imageId);
    if (earlier && !sameRow(earlier.patient, row.patient)) {
      problems.push(
        `line ${line}: image_id "${row.imageId}" has other values on line ` +
          `${earlier.line}`,
      );
      continue;
    }
    if (!earlier) {
      byId.set(row.imageId, { line, patient: row.patient });
    }
  }

  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
    const more = problems.length - listed.length;
    throw new UsageError(
      `Metadata file ${file} has ${problems.length} invalid ` +
        `${problems.length === 1 ? 'value' : 'values'}:\n` +
        listed.map((problem) => `  ${problem}`).join('\n') +
        (more > 0 ? `\n  and ${more} more` : '') +
        '\nFix them, or leave a cell empty to count that field as unknown.',
    );
  }
  return new Map([...byId].map(([id, row]) => [id, row.patient]));
}
