/**
 * Command-line options of the predictor, parsed with Node's `util.parseArgs`
 * and checked here, so every mistake gets a message that names it.
 */

import { parseArgs } from 'node:util';

import { UsageError } from './errors';

export type CliBackend = 'wasm' | 'cpu';

/** Backends `--backend` accepts, the default first. */
export const CLI_BACKENDS: readonly CliBackend[] = ['wasm', 'cpu'];

/** `--out` value that means standard output. */
export const STANDARD_OUTPUT = '-';

export interface PredictOptions {
  /** Folder scanned for images, as given. */
  images: string;
  /** CSV of patient metadata, or null when none is given. */
  metadata: string | null;
  /** Results file, or null for standard output. */
  out: string | null;
  /** Model folder, or null for the default `public/model/`. */
  model: string | null;
  backend: CliBackend;
}

export type Command =
  { kind: 'help' } | { kind: 'predict'; options: PredictOptions };

/** Expected value of each value option, for the "needs a value" message. */
const VALUE_OPTIONS = {
  images: 'a folder of images',
  metadata: 'a CSV file',
  out: 'a file name, or - for standard output',
  model: 'a model folder',
  backend: CLI_BACKENDS.join(' or '),
} as const;

type ValueOption = keyof typeof VALUE_OPTIONS;

const PARSE_ARGS_OPTIONS = {
  images: { type: 'string' },
  metadata: { type: 'string' },
  out: { type: 'string' },
  model: { type: 'string' },
  backend: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function isValueOption(name: string): name is ValueOption {
  return Object.hasOwn(VALUE_OPTIONS, name);
}

function isBackend(value: string): value is CliBackend {
  return (CLI_BACKENDS as readonly string[]).includes(value);
}

/**
 * Parses the arguments after `npm run predict --`. Throws a `UsageError`
 * on an unknown option, a stray argument, a repeated option, an option
 * without its value, or a missing `--images`. `--help` wins over all.
 */
export function parseCommandLine(argv: readonly string[]): Command {
  // Non-strict parsing returns every token, so the checks below can word
  // each message themselves.
  const { tokens } = parseArgs({
    args: [...argv],
    options: PARSE_ARGS_OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  if (
    tokens.some((token) => token.kind === 'option' && token.name === 'help')
  ) {
    return { kind: 'help' };
  }

  const values = new Map<ValueOption, string>();
  for (const token of tokens) {
    if (token.kind === 'option-terminator') {
      continue;
    }
    if (token.kind === 'positional') {
      throw new UsageError(
        `Unexpected argument "${token.value}". Every value follows its ` +
          'option, for example --images photos/.',
      );
    }
    if (!isValueOption(token.name)) {
      throw new UsageError(`Unknown option ${token.rawName}.`);
    }
    const value = token.value;
    const tookNextOption =
      !token.inlineValue &&
      value !== undefined &&
      value.startsWith('-') &&
      value !== STANDARD_OUTPUT;
    if (value === undefined || value === '' || tookNextOption) {
      throw new UsageError(
        `Option --${token.name} needs a value: ` +
          `${VALUE_OPTIONS[token.name]}.`,
      );
    }
    if (values.has(token.name)) {
      throw new UsageError(
        `Option --${token.name} is given more than once. Give it once.`,
      );
    }
    values.set(token.name, value);
  }

  const images = values.get('images');
  if (images === undefined) {
    throw new UsageError(
      'Missing --images: the folder of images to score is required.',
    );
  }
  const backend = values.get('backend') ?? CLI_BACKENDS[0]!;
  if (!isBackend(backend)) {
    throw new UsageError(
      `Invalid --backend "${backend}": use ${CLI_BACKENDS.join(' or ')}.`,
    );
  }
  const out = values.get('out') ?? null;
  return {
    kind: 'predict',
    options: {
      images,
      metadata: values.get('metadata') ?? null,
      out: out === STANDARD_OUTPUT ? null : out,
      model: values.get('model') ?? null,
      backend,
    },
  };
}
