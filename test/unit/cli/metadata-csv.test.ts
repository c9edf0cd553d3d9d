import { describe, expect, it } from 'vitest';

import { UsageError } from '../../../src/cli/errors';
import {
  MAX_LISTED_PROBLEMS,
  parseAge,
  parseCategory,
  parseMetadataCsv,
} from '../../../src/cli/metadata-csv';
import { parseManifest } from '../../../src/model/parse-manifest';
import { buildFakeModel } from '../../helpers/fake-model.mjs';

const encoding = parseManifest(buildFakeModel().manifest).metadata;
const FILE = 'meta.csv';

function parseCsv(text: string) {
  return parseMetadataCsv(text, encoding, FILE);
}

/** Returns the message of the UsageError that parsing `text` throws. */
function usageErrorOf(text: string): string {
  try {
    parseCsv(text);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('parseAge', () => {
  it.each([
    ['45', 45],
    ['47.5', 47.5],
    [' 80.0 ', 80],
    ['0', 0],
    [String(encoding.age.max), encoding.age.max],
  ])('reads %j', (cell, age) => {
    expect(parseAge(cell, encoding)).toEqual({ age });
  });

  it.each(['', ' ', 'NA', 'nan', 'NaN', 'unknown', 'Unknown'])(
    'reads %j as unknown',
    (cell) => {
      expect(parseAge(cell, encoding)).toEqual({ age: null });
    },
  );

  it.each(['abc', '-5', '121', '0x10', '1e2', '45 years', 'Infinity'])(
    'rejects %j',
    (cell) => {
      const result = parseAge(cell, encoding);
      expect(result).toHaveProperty('problem');
      expect((result as { problem: string }).problem).toBe(
        `age "${cell}" is not a number of years from ${encoding.age.min} ` +
          `to ${encoding.age.max}`,
      );
    },
  );
});

describe('parseCategory', () => {
  it('matches values without regard to case', () => {
    expect(parseCategory('Female', encoding.sex, 'sex')).toEqual({
      value: 'female',
    });
    expect(parseCategory(' LOWER EXTREMITY ', encoding.site, 'site')).toEqual({
      value: 'lower extremity',
    });
  });

  it.each(['', 'NA', 'unknown'])('reads %j as unknown', (cell) => {
    expect(parseCategory(cell, encoding.sex, 'sex')).toEqual({ value: null });
  });

  it('rejects a value the model lacks', () => {
    const result = parseCategory('lower_extremity', encoding.site, 'site');
    expect(result).toHaveProperty('problem');
    expect((result as { problem: string }).problem).toMatch(
      /^site "lower_extremity" is not one of the model's values: abdomen, /,
    );
  });
});

describe('parseMetadataCsv', () => {
  it('reads HAM10000_metadata.csv rows', () => {
    const rows = parseCsv(
      'lesion_id,image_id,dx,dx_type,age,sex,localization,dataset\n' +
        'HAM_0000118,ISIC_0027419,bkl,histo,80.0,male,scalp,vidir_modern\n' +
        'HAM_0002730,ISIC_0026769,bkl,histo,,female,unknown,vidir_modern\n' +
        'HAM_0001466,ISIC_0031633,mel,histo,75.0,unknown,lower extremity,' +
        'vidir_modern\n',
    );

    expect(rows.size).toBe(3);
    expect(rows.get('ISIC_0027419')).toEqual({
      age: 80,
      sex: 'male',
      site: 'scalp',
    });
    expect(rows.get('ISIC_0026769')).toEqual({
      age: null,
      sex: 'female',
      site: null,
    });
    expect(rows.get('ISIC_0031633')).toEqual({
      age: 75,
      sex: null,
      site: 'lower extremity',
    });
  });

  it('accepts a byte order mark, CRLF and blank lines', () => {
    const rows = parseCsv(
      '\ufeffImage_ID,Age,Sex,Localization\r\n\r\na,40,female,chest\r\n',
    );

    expect(rows.get('a')).toEqual({ age: 40, sex: 'female', site: 'chest' });
  });

  it('accepts a repeated row with the same values', () => {
    const rows = parseCsv(
      'image_id,age,sex,localization\na,40,female,chest\na,40,female,chest\n',
    );

    expect(rows.size).toBe(1);
  });

  it('rejects a header without a column', () => {
    const message = usageErrorOf('image_id,age,location\na,40,chest\n');

    expect(message).toContain('has no column sex, localization');
    expect(message).toContain('(found: image_id,age,location)');
  });

  it('rejects an empty file', () => {
    expect(usageErrorOf('')).toBe(
      'Metadata file meta.csv is empty. Its first line must be the header ' +
        'image_id,age,sex,localization.',
    );
  });

  it('rejects a row with too few fields', () => {
    const message = usageErrorOf(
      'image_id,age,sex,localization\na,40,female,chest\nb,40\n',
    );

    expect(message).toContain('Metadata file meta.csv is not valid CSV');
    expect(message).toContain('on line 3');
  });

  it('rejects an unclosed quote', () => {
    expect(
      usageErrorOf('image_id,age,sex,localization\n"a,40,female,chest\n'),
    ).toContain('Quote Not Closed');
  });

  it('lists each invalid value with its line', () => {
    const message = usageErrorOf(
      'image_id,age,sex,localization\n' +
        'a,abc,female,chest\n' +
        'b,-5,female,chest\n' +
        'c,40,f,chest\n' +
        'd,40,female,elbow\n' +
        ',40,female,chest\n' +
        'e,40,female,chest\n',
    );

    expect(message.split('\n')).toEqual([
      'Metadata file meta.csv has 5 invalid values:',
      `  line 2: age "abc" is not a number of years from 0 to 120`,
      `  line 3: age "-5" is not a number of years from 0 to 120`,
      `  line 4: sex "f" is not one of the model's values: male, female, ` +
        'unknown',
      expect.stringMatching(
        /^ {2}line 5: localization "elbow" is not one of the model's values/,
      ),
      '  line 6: image_id is empty',
      'Fix them, or leave a cell empty to count that field as unknown.',
    ]);
  });

  it('rejects one image id with two rows', () => {
    const message = usageErrorOf(
      'image_id,age,sex,localization\na,40,female,chest\na,41,female,chest\n',
    );

    expect(message).toContain(
      'line 3: image_id "a" has other values on line 2',
    );
  });

  it('counts the invalid values it does not list', () => {
    const rows = Array.from(
      { length: MAX_LISTED_PROBLEMS + 3 },
      (_, i) => `id${i},old,,`,
    );
    const message = usageErrorOf(
      `image_id,age,sex,localization\n${rows.join('\n')}\n`,
    );

    expect(message).toContain(`has ${MAX_LISTED_PROBLEMS + 3} invalid values`);
    expect(message).toContain('  and 3 more');
    expect(message.match(/line \d+:/g)).toHaveLength(MAX_LISTED_PROBLEMS);
  });
});
