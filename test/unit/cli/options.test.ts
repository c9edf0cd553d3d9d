import { describe, expect, it } from 'vitest';

import { UsageError } from '../../../src/cli/errors';
import { parseCommandLine } from '../../../src/cli/options';

function predictOptions(argv: string[]) {
  const command = parseCommandLine(argv);
  if (command.kind !== 'predict') {
    throw new Error(`expected a predict command, got ${command.kind}`);
  }
  return command.options;
}

describe('parseCommandLine', () => {
  it('reads every option', () => {
    const options = predictOptions([
      '--images',
      'photos',
      '--metadata',
      'meta.csv',
      '--out',
      'results.csv',
      '--model',
      'models/v2',
      '--backend',
      'cpu',
    ]);

    expect(options).toEqual({
      images: 'photos',
      metadata: 'meta.csv',
      out: 'results.csv',
      model: 'models/v2',
      backend: 'cpu',
    });
  });

  it('fills the defaults', () => {
    const options = predictOptions(['--images=photos']);

    expect(options.metadata).toBeNull();
    expect(options.out).toBeNull();
    expect(options.model).toBeNull();
    expect(options.backend).toBe('wasm');
  });

  it('takes --out - as standard output', () => {
    expect(predictOptions(['--images', 'a', '--out', '-']).out).toBeNull();
  });

  it('accepts a value starting with - after =', () => {
    expect(predictOptions(['--images=-photos']).images).toBe('-photos');
  });

  it.each([['--help'], ['-h'], ['--images', 'a', '--help'], ['--bad', '-h']])(
    'returns help for %s',
    (...argv) => {
      expect(parseCommandLine(argv)).toEqual({ kind: 'help' });
    },
  );

  it.each([
    [[], 'Missing --images'],
    [['--images'], 'Option --images needs a value: a folder of images.'],
    [['--images='], 'Option --images needs a value'],
    [['--images', '--out', 'x.csv'], 'Option --images needs a value'],
    [['--images', 'a', '--colour'], 'Unknown option --colour.'],
    [['--images', 'a', '-x'], 'Unknown option -x.'],
    [['--images', 'a', 'b'], 'Unexpected argument "b"'],
    [['photos'], 'Unexpected argument "photos"'],
    [
      ['--images', 'a', '--images', 'b'],
      'Option --images is given more than once',
    ],
    [
      ['--images', 'a', '--backend', 'webgl'],
      'Invalid --backend "webgl": use wasm or cpu.',
    ],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
    expect(() => parseCommandLine(argv)).toThrow(message);
  });
});
