/**
 * Entry point of `npm run predict`: scores a folder of lesion images with
 * the exported model in Node. `npm run predict -- --help` explains it.
 */

import { main } from './main';

const controller = new AbortController();
// The first interrupt lets the current image finish and removes the
// partial results file. A second one ends the process at once.
process.once('SIGINT', () => {
  process.stderr.write('\nInterrupt: stopping after the current image.\n');
  controller.abort();
});

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  // npm runs scripts in the package folder and passes the folder it was
  // started in as INIT_CWD.
  cwd: process.env.INIT_CWD ?? process.cwd(),
  signal: controller.signal,
});
