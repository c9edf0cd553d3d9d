/**
 * `npm run predict` as a user runs it: a separate Node process started by
 * npm, with its exit code, standard output and standard error.
 */

import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

import { EXIT_OK, EXIT_USAGE } from '../../../src/cli/errors';
import { parseResults } from '../../helpers/cli-run';

const PROCESS_TIMEOUT_MS = 120_000;
const FIXTURE_IDS = ['ISIC_0024698', 'ISIC_0025964', 'ISIC_0028155'];

/** Runs `npm run predict` in `cwd` and returns its outcome. */
async function npmPredict(args: string[], cwd = '.') {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      'npm',
      ['run', '--silent', 'predict', '--', ...args],
      { cwd: resolve(cwd), timeout: PROCESS_TIMEOUT_MS },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run predict', () => {
  it(
    'writes the results to standard output',
    async () => {
      const run = await npmPredict(['--images', 'test/fixtures/images']);

      expect(run.code).toBe(EXIT_OK);
      const rows = parseResults(run.stdout);
      expect(rows.map((row) => row.image_id)).toEqual(FIXTURE_IDS);
      expect(rows.every((row) => row.status === 'ok')).toBe(true);
      expect(run.stderr).toMatch(/Scored 3 images in [\d.]+ s: 3 ok/);
    },
    PROCESS_TIMEOUT_MS,
  );

  it(
    'takes paths from the folder npm started in',
    async () => {
      const run = await npmPredict(['--images', 'images'], 'test/fixtures');

      expect(run.code).toBe(EXIT_OK);
      expect(parseResults(run.stdout)).toHaveLength(FIXTURE_IDS.length);
    },
    PROCESS_TIMEOUT_MS,
  );

  it(
    'exits 2 on an unknown option',
    async () => {
      const run = await npmPredict(['--images', 'x', '--verbose']);

      expect(run.code).toBe(EXIT_USAGE);
      expect(run.stderr).toContain('error: Unknown option --verbose.');
      expect(run.stderr).toContain('Usage:');
      expect(run.stdout).toBe('');
    },
    PROCESS_TIMEOUT_MS,
  );
});
