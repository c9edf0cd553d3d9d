/** Child processes of a bench run. */

import { spawn } from 'node:child_process';

export interface CommandOptions {
  /** Copy the command's standard output to ours as it arrives. */
  echo?: boolean;
}

/**
 * Runs `command` and returns its standard output. Rejects with the output
 * and exit code when the command fails.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: CommandOptions = {},
): Promise<string> {
  const commandLine = [command, ...args].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (options.echo) {
        process.stdout.write(chunk);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (options.echo) {
        process.stderr.write(chunk);
      }
    });
    child.once('error', (error) =>
      reject(new Error(`${commandLine} could not start: ${error.message}`)),
    );
    child.once('close', (code) => {
      if (code === 0) {
        resolve(stdout);
        return;
      }
      const output = options.echo ? '' : `\n${stdout}${stderr}`;
      reject(
        new Error(`${commandLine} failed with exit code ${code}${output}`),
      );
    });
  });
}
