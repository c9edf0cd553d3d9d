/**
 * `npm run bench:predict`, the command-line predictor's throughput, which
 * a bench run includes when package.json defines it.
 */

import { readFile } from 'node:fs/promises';

import { runCommand } from './process';

export const PREDICT_SCRIPT = 'bench:predict';

/** Tells whether a parsed package.json defines the npm script `name`. */
export function hasScript(packageJson: unknown, name: string): boolean {
  const scripts = (packageJson as { scripts?: unknown } | null)?.scripts;
  return (
    typeof scripts === 'object' &&
    scripts !== null &&
    typeof (scripts as Record<string, unknown>)[name] === 'string'
  );
}

/** Returns the last non-blank line of `output`, trimmed, or null. */
export function lastPrintedLine(output: string): string | null {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return lines.at(-1) ?? null;
}

/**
 * Runs `npm run bench:predict` if package.json has it and returns the last
 * line it printed, or null without the script.
 */
export async function runPredictBench(
  log: (message: string) => void,
): Promise<string | null> {
  const packageJson: unknown = JSON.parse(
    await readFile('package.json', 'utf8'),
  );
  if (!hasScript(packageJson, PREDICT_SCRIPT)) {
    log(`package.json has no ${PREDICT_SCRIPT} script, so it is skipped`);
    return null;
  }
  log(`running npm run ${PREDICT_SCRIPT}`);
  const output = await runCommand('npm', ['run', '--silent', PREDICT_SCRIPT], {
    echo: true,
  });
  const line = lastPrintedLine(output);
  if (line === null) {
    throw new Error(`npm run ${PREDICT_SCRIPT} printed nothing`);
  }
  return line;
}
