// Checks, before `npm test`, that the system packages the tests need are
// installed, and prints the command that installs the missing ones.
// The Python tests run Debian's PyTorch; the end-to-end tests drive
// Debian's Chromium, and make a HEIC photo with libheif's heif-enc.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const PYTHON = '/usr/bin/python3';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Python module -> Debian package that provides it.
const PYTHON_MODULES = {
  torch: 'python3-torch',
  torchvision: 'python3-torchvision',
  numpy: 'python3-numpy',
  PIL: 'python3-pil',
  flatbuffers: 'python3-flatbuffers',
  pytest: 'python3-pytest',
  tqdm: 'python3-tqdm',
  sklearn: 'python3-sklearn',
  matplotlib: 'python3-matplotlib',
};

function missingPythonPackages() {
  if (!existsSync(PYTHON)) {
    return ['python3', ...Object.values(PYTHON_MODULES)];
  }
  const probe = [
    'import importlib.util',
    `names = ${JSON.stringify(Object.keys(PYTHON_MODULES))}`,
    'print(" ".join(n for n in names if importlib.util.find_spec(n) is None))',
  ].join('\n');
  const missing = execFileSync(PYTHON, ['-c', probe], { encoding: 'utf8' })
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  return missing.map((name) => PYTHON_MODULES[name]);
}

/** True when `command` is an executable file in a PATH folder. */
function onPath(command) {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .some((folder) => folder && existsSync(join(folder, command)));
}

const missing = missingPythonPackages();
if (!existsSync(CHROMIUM)) {
  missing.push('chromium');
}
if (!onPath('heif-enc')) {
  missing.push('libheif-examples');
}
if (missing.length > 0) {
  console.error(
    `The tests need Debian packages that are not installed: ` +
      `${missing.join(', ')}.\nInstall them with:\n\n` +
      `  sudo apt-get install -y ${missing.join(' ')}\n\n` +
      `or set CHROMIUM_PATH if Chromium lives elsewhere.`,
  );
  process.exit(1);
}
