/**
 * Parsing and validation of an imported history file. Everything is
 * checked before anything is written: types, ranges, sizes, references
 * between records, photos (base64 data URLs whose first bytes match
 * their declared image type), class-activation grids and the flags of
 * each analysis. Files of older versions are migrated after their own
 * version's checks.
 */

import * as v from 'valibot';

import {
  formatName,
  sniffImageFormat,
  type ImageFormat,
} from '../capture/sniff';
import { OUT_OF_DISTRIBUTION } from '../quality/assess';
import { riskCategory } from '../result/interpret';
import { fromDataUrl } from './data-url';
import { HistoryError } from './errors';
import { EXPORT_FORMAT } from './export-json';
import { isUnreliable, PHOTO_FLAGS } from './flags';
import { migrateV1, type V1AnalysisRecord } from './migrate-v1';
import { migrateV2 } from './migrate-v2';
import {
  MAX_CAM_SIDE,
  MAX_LESION_NAME_LENGTH,
  MAX_NOTE_LENGTH,
  MAX_PHOTO_SIDE,
  PHOTO_TYPES,
  type AnalysisRecord,
  type LesionRecord,
  type PhotoType,
} from './records';
import { SCHEMA_VERSION } from './schema';
import type { HistoryVocabulary } from './vocabulary';

/** Largest file the import reads, in bytes. */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

export const MAX_IMPORTED_LESIONS = 1000;
export const MAX_IMPORTED_ANALYSES = 5000;

/** Largest photo in an imported record, in bytes. */
export const MAX_PHOTO_BYTES = 1024 * 1024;

/** Maximum length of a photo data URL: the prefix, then base64 of the bytes. */
const MAX_PHOTO_DATA_URL_LENGTH =
  'data:image/jpeg;base64,'.length + Math.ceil(MAX_PHOTO_BYTES / 3) * 4;

/** Maximum length of a model name, version or diagnosis code. */
const MAX_NAME_LENGTH = 100;

/** Most diagnosis labels a model may have. */
const MAX_LABELS = 32;

/** Oldest age accepted, in years, only to reject nonsense. */
const MAX_AGE_YEARS = 150;

/**
 * Allowed distance of the diagnosis probabilities' sum from 1: a float32
 * softmax is off by about 1e-6, so anything far beyond is not model output.
 */
const DIAGNOSIS_SUM_TOLERANCE = 0.01;

/** Issues listed in the error message; the rest are only counted. */
const MAX_LISTED_ISSUES = 3;

/** Maximum length of one listed issue, so huge values do not flood it. */
const MAX_ISSUE_LENGTH = 200;

const IMAGE_FORMATS: Record<PhotoType, ImageFormat> = {
  'image/jpeg': 'jpeg',
  'image/webp': 'webp',
  'image/png': 'png',
};

/** History read from a file, migrated to the current record layout. */
export interface ImportedHistory {
  /** Schema version the file was written with. */
  sourceVersion: number;
  lesions: LesionRecord[];
  analyses: AnalysisRecord[];
}

/**
 * Decodes a photo data URL and checks it, or returns what is wrong with
 * it. The pixels are not decoded, so a damaged image inside a valid header
 * shows as a broken image rather than failing the import.
 */
export function decodePhotoDataUrl(
  url: string,
): { type: PhotoType; bytes: ArrayBuffer } | string {
  const decoded = fromDataUrl(url);
  if (!decoded) {
    return 'Expected a base64 data URL';
  }
  const type = PHOTO_TYPES.find((allowed) => allowed === decoded.type);
  if (!type) {
    return (
      `Expected a photo of type ${PHOTO_TYPES.join(', ')} but received ` +
      `"${decoded.type.slice(0, MAX_NAME_LENGTH)}"`
    );
  }
  if (decoded.bytes.byteLength > MAX_PHOTO_BYTES) {
    return (
      `Expected at most ${MAX_PHOTO_BYTES} bytes but received ` +
      `${decoded.bytes.byteLength}`
    );
  }
  const expected = IMAGE_FORMATS[type];
  const found = sniffImageFormat(new Uint8Array(decoded.bytes));
  if (found !== expected) {
    const received = found ? `${formatName(found)} bytes` : 'no image';
    return `Expected ${formatName(expected)} bytes but received ${received}`;
  }
  return { type, bytes: decoded.bytes };
}

const ID = v.pipe(
  v.string(),
  v.regex(
    /^[A-Za-z0-9_-]{1,64}$/,
    'Expected an id of 1 to 64 letters, digits, "-" or "_"',
  ),
);
const TIMESTAMP = v.pipe(
  v.string(),
  v.isoTimestamp('Expected an ISO 8601 timestamp'),
);
const PROBABILITY = v.pipe(v.number(), v.minValue(0), v.maxValue(1));
const AGE = v.nullable(
  v.pipe(v.number(), v.minValue(0), v.maxValue(MAX_AGE_YEARS)),
);
const NAME = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_NAME_LENGTH));
const LESION_NAME = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, 'Expected a lesion name'),
  v.maxLength(MAX_LESION_NAME_LENGTH),
);
const NOTE = v.pipe(v.string(), v.maxLength(MAX_NOTE_LENGTH));
const PHOTO_SIDE = v.pipe(
  v.number(),
  v.integer(),
  v.minValue(1),
  v.maxValue(MAX_PHOTO_SIDE),
);
const PHOTO_DATA_URL = v.pipe(
  v.string(),
  v.maxLength(
    MAX_PHOTO_DATA_URL_LENGTH,
    `Expected a photo of at most ${MAX_PHOTO_BYTES} bytes`,
  ),
);

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function addsUpToOne(values: readonly number[]): boolean {
  return Math.abs(sum(values) - 1) <= DIAGNOSIS_SUM_TOLERANCE;
}

const ADDS_UP_MESSAGE = 'Expected diagnosis probabilities that add up to 1';

function nullablePicklist(values: readonly string[]) {
  return v.nullable(v.picklist(values as string[]));
}

function lesionSchema(vocabulary: HistoryVocabulary) {
  return v.strictObject({
    id: ID,
    name: LESION_NAME,
    site: nullablePicklist(vocabulary.sites),
    createdAt: TIMESTAMP,
  });
}

const CAM_SIDE = v.pipe(
  v.number(),
  v.integer(),
  v.minValue(1),
  v.maxValue(MAX_CAM_SIDE),
);

/**
 * A class-activation grid: finite numbers, rows x columns of them. Signs
 * and sizes of the values are free, because they are contributions to a
 * logit.
 */
const CAM_GRID = v.pipe(
  v.strictObject({
    rows: CAM_SIDE,
    columns: CAM_SIDE,
    values: v.pipe(
      v.array(v.pipe(v.number(), v.finite('Expected a finite number'))),
      v.maxLength(MAX_CAM_SIDE * MAX_CAM_SIDE),
    ),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) {
      return;
    }
    const { rows, columns, values } = dataset.value;
    if (values.length !== rows * columns) {
      addIssue({
        message:
          `Expected ${rows * columns} values for ${rows} x ${columns} ` +
          `cells but received ${values.length}`,
      });
    }
  }),
);

/** The warnings of an analysis: `null` (not recorded), or known flags. */
const FLAGS = v.nullable(
  v.pipe(
    v.array(
      v.picklist(
        PHOTO_FLAGS,
        `Expected one of the flags ${PHOTO_FLAGS.join(', ')}`,
      ),
    ),
    v.check(
      (flags) => new Set(flags).size === flags.length,
      'Expected flags without repeats',
    ),
  ),
);

/** Fields of a result in every schema version from 2 on. */
const RESULT_ENTRIES = {
  malignant: PROBABILITY,
  diagnosis: v.pipe(
    v.array(PROBABILITY),
    v.minLength(1),
    v.maxLength(MAX_LABELS),
  ),
  labels: v.pipe(v.array(NAME), v.minLength(1), v.maxLength(MAX_LABELS)),
  threshold: PROBABILITY,
  riskCategory: v.picklist(['refer', 'monitor']),
  ood: v.nullable(v.pipe(v.number(), v.minValue(0))),
  modelName: NAME,
  modelVersion: NAME,
};

/** Fields of a result that the checks between fields read. */
interface CheckedResult {
  malignant: number;
  diagnosis: number[];
  labels: string[];
  threshold: number;
  riskCategory: string;
}

/** Adds the checks between a result's fields to its object schema. */
function withResultChecks<TOutput extends CheckedResult>(
  schema: v.GenericSchema<unknown, TOutput>,
) {
  return v.pipe(
    schema,
    v.check(
      (result) => result.diagnosis.length === result.labels.length,
      'Expected one diagnosis probability for each label',
    ),
    v.check(
      (result) => new Set(result.labels).size === result.labels.length,
      'Expected labels without repeats',
    ),
    v.check((result) => addsUpToOne(result.diagnosis), ADDS_UP_MESSAGE),
    v.check(
      (result) =>
        result.riskCategory ===
        riskCategory(result.malignant, result.threshold),
      'Expected the risk category that the malignant probability and the ' +
        'threshold give',
    ),
  );
}

const RESULT = v.pipe(
  withResultChecks(
    v.strictObject({
      ...RESULT_ENTRIES,
      cam: v.nullable(CAM_GRID),
      flags: FLAGS,
    }),
  ),
  v.check(
    (result) => !(result.ood === null && isUnreliable(result.flags)),
    `Expected no ${OUT_OF_DISTRIBUTION} flag on a result without an ood ` +
      'score',
  ),
);

/** A version 2 result, which had no class-activation grid or flags. */
const V2_RESULT = withResultChecks(v.strictObject(RESULT_ENTRIES));

const PHOTO = v.pipe(
  v.strictObject({
    type: v.picklist(PHOTO_TYPES),
    width: PHOTO_SIDE,
    height: PHOTO_SIDE,
    dataUrl: PHOTO_DATA_URL,
  }),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const { type, width, height, dataUrl } = dataset.value;
    const decoded = decodePhotoDataUrl(dataUrl);
    if (typeof decoded === 'string') {
      addIssue({ message: decoded });
      return NEVER;
    }
    if (decoded.type !== type) {
      addIssue({
        message: `Expected a data URL of type ${type}, the value of "type"`,
      });
      return NEVER;
    }
    return { type, width, height, bytes: decoded.bytes };
  }),
);

function analysisSchema<TResult extends v.GenericSchema>(
  vocabulary: HistoryVocabulary,
  result: TResult,
) {
  return v.strictObject({
    id: ID,
    lesionId: ID,
    analysedAt: TIMESTAMP,
    patient: v.strictObject({
      age: AGE,
      sex: nullablePicklist(vocabulary.sexes),
      site: nullablePicklist(vocabulary.sites),
    }),
    result,
    note: NOTE,
    photo: PHOTO,
  });
}

/**
 * Returns the schema of a file of schema version 2 or later, with
 * `result` as the schema of each analysis's result.
 */
function fileSchema<TVersion extends number, TResult extends v.GenericSchema>(
  version: TVersion,
  result: TResult,
  vocabulary: HistoryVocabulary,
) {
  return v.strictObject({
    format: v.literal(EXPORT_FORMAT),
    schemaVersion: v.literal(version),
    exportedAt: TIMESTAMP,
    appVersion: NAME,
    lesions: v.pipe(
      v.array(lesionSchema(vocabulary)),
      v.maxLength(MAX_IMPORTED_LESIONS),
    ),
    analyses: v.pipe(
      v.array(analysisSchema(vocabulary, result)),
      v.maxLength(MAX_IMPORTED_ANALYSES),
    ),
  });
}

function v1RecordSchema(vocabulary: HistoryVocabulary) {
  return v.strictObject({
    id: ID,
    savedAt: v.pipe(v.number(), v.integer(), v.minValue(0)),
    lesionName: LESION_NAME,
    site: nullablePicklist(vocabulary.sites),
    age: AGE,
    sex: nullablePicklist(vocabulary.sexes),
    malignant: PROBABILITY,
    diagnosis: v.pipe(
      v.record(NAME, PROBABILITY),
      v.minEntries(1),
      v.maxEntries(MAX_LABELS),
      v.check(
        (diagnosis) => addsUpToOne(Object.values(diagnosis)),
        ADDS_UP_MESSAGE,
      ),
    ),
    threshold: PROBABILITY,
    modelName: NAME,
    modelVersion: NAME,
    note: NOTE,
    photo: v.pipe(
      PHOTO_DATA_URL,
      v.rawCheck(({ dataset, addIssue }) => {
        if (dataset.typed) {
          const decoded = decodePhotoDataUrl(dataset.value);
          if (typeof decoded === 'string') {
            addIssue({ message: decoded });
          }
        }
      }),
    ),
    photoWidth: PHOTO_SIDE,
    photoHeight: PHOTO_SIDE,
  });
}

function v1FileSchema(vocabulary: HistoryVocabulary) {
  return v.strictObject({
    format: v.literal(EXPORT_FORMAT),
    schemaVersion: v.literal(1),
    exportedAt: TIMESTAMP,
    analyses: v.pipe(
      v.array(v1RecordSchema(vocabulary)),
      v.maxLength(MAX_IMPORTED_ANALYSES),
    ),
  });
}

/** Formats an issue's path as `analyses[3].result.malignant`. */
function issuePath(issue: v.BaseIssue<unknown>): string {
  let path = '';
  for (const item of issue.path ?? []) {
    const key = item.key;
    path += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  }
  return path === '' ? 'the file' : path.replace(/^\./, '');
}

/** Shortens `text` to at most `maxLength` characters, at a word break. */
function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) {
    return text;
  }
  const cut = text.slice(0, maxLength);
  const lastSpace = cut.lastIndexOf(' ');
  return `${lastSpace > 0 ? cut.slice(0, lastSpace) : cut}…`;
}

/**
 * Describes one problem in plain words. A strict object reports a field
 * it does not know as "Expected never", which means nothing to a user.
 */
function describeIssue(issue: v.BaseIssue<unknown>): string {
  if (issue.type === 'strict_object' && issue.expected === 'never') {
    return `${issuePath(issue)} is not a field of an OncoScan export`;
  }
  return `${issuePath(issue)} is invalid (${issue.message})`;
}

function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  const listed = issues
    .slice(0, MAX_LISTED_ISSUES)
    .map((issue) => truncate(describeIssue(issue), MAX_ISSUE_LENGTH));
  const unlisted = issues.length - listed.length;
  const more =
    unlisted > 0
      ? ` ${unlisted} more ${unlisted === 1 ? 'problem was' : 'problems were'} found.`
      : '';
  return `${listed.join('. ')}.${more}`;
}

function invalid(detail: string): HistoryError {
  return new HistoryError('import-invalid', detail);
}

function parseWith<TSchema extends v.GenericSchema>(
  schema: TSchema,
  json: unknown,
): v.InferOutput<TSchema> {
  const parsed = v.safeParse(schema, json);
  if (!parsed.success) {
    throw invalid(describeIssues(parsed.issues));
  }
  return parsed.output;
}

function findRepeat(ids: readonly string[]): string | null {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) {
      return id;
    }
    seen.add(id);
  }
  return null;
}

/** Checks that ids are unique and every analysis has its lesion. */
function checkReferences(
  lesions: readonly LesionRecord[],
  analyses: readonly AnalysisRecord[],
): void {
  const repeatedLesion = findRepeat(lesions.map((lesion) => lesion.id));
  if (repeatedLesion !== null) {
    throw invalid(`The lesion id "${repeatedLesion}" appears twice.`);
  }
  const repeatedAnalysis = findRepeat(analyses.map((analysis) => analysis.id));
  if (repeatedAnalysis !== null) {
    throw invalid(`The analysis id "${repeatedAnalysis}" appears twice.`);
  }
  const lesionIds = new Set(lesions.map((lesion) => lesion.id));
  const orphan = analyses.find((analysis) => !lesionIds.has(analysis.lesionId));
  if (orphan) {
    throw invalid(
      `Analysis "${orphan.id}" belongs to lesion "${orphan.lesionId}", ` +
        'which is not in the file.',
    );
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses the text of a history export of any schema version up to
 * `SCHEMA_VERSION` and returns its records in the current layout. Throws a
 * `HistoryError` with code `import-invalid` whose message names the problem.
 */
export function parseHistoryFile(
  text: string,
  vocabulary: HistoryVocabulary,
): ImportedHistory {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw invalid(
      `It is not valid JSON (${truncate(detail, MAX_ISSUE_LENGTH)}).`,
    );
  }
  if (!isObject(json) || json.format !== EXPORT_FORMAT) {
    throw invalid(
      `It is not an OncoScan history export, because its "format" field ` +
        `is not "${EXPORT_FORMAT}".`,
    );
  }
  const version = json.schemaVersion;
  if (
    typeof version !== 'number' ||
    !Number.isInteger(version) ||
    version < 1
  ) {
    throw invalid('Its "schemaVersion" field is not a positive integer.');
  }
  if (version > SCHEMA_VERSION) {
    throw invalid(
      `It was exported by a newer version of OncoScan (history version ` +
        `${version}, and this app reads up to ${SCHEMA_VERSION}). Update ` +
        'OncoScan on this device, then import the file again.',
    );
  }

  let lesions: LesionRecord[];
  let analyses: AnalysisRecord[];
  if (version === 1) {
    const file = parseWith(v1FileSchema(vocabulary), json);
    const repeated = findRepeat(file.analyses.map((record) => record.id));
    if (repeated !== null) {
      throw invalid(`The analysis id "${repeated}" appears twice.`);
    }
    const migrated = migrateV1(file.analyses as V1AnalysisRecord[]);
    lesions = migrated.lesions;
    analyses = migrateV2(migrated.analyses);
  } else if (version === 2) {
    const file = parseWith(fileSchema(2, V2_RESULT, vocabulary), json);
    lesions = file.lesions;
    analyses = migrateV2(file.analyses);
  } else {
    const file = parseWith(
      fileSchema(SCHEMA_VERSION, RESULT, vocabulary),
      json,
    );
    lesions = file.lesions;
    analyses = file.analyses;
  }
  checkReferences(lesions, analyses);
  return { sourceVersion: version, lesions, analyses };
}
