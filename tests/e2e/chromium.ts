// Finds an installed Chromium or Chrome for the browser tests. The tests never download a browser
// and never skip: without a browser they fail with advice on how to install one.
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];
const COMMANDS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function which(command: string): string | undefined {
  try {
    const found = execFileSync('which', [command], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return found && isExecutable(found) ? found : undefined;
  } catch {
    return undefined;
  }
}

/** CHROME_PATH first, then the usual Debian/Ubuntu/Chrome locations, then the PATH. */
export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  places: { files: readonly string[]; commands: readonly string[] } = {
    files: CANDIDATES,
    commands: COMMANDS,
  },
): string {
  const fromEnv = env.CHROME_PATH?.trim();
  if (fromEnv) {
    if (isExecutable(fromEnv)) return fromEnv;
    throw new Error(
      `CHROME_PATH is set to "${fromEnv}", which is not an executable file. ` +
        'Point it at a Chromium or Chrome binary, or unset it to search the usual places.',
    );
  }
  for (const file of places.files) if (isExecutable(file)) return file;
  for (const command of places.commands) {
    const found = which(command);
    if (found) return found;
  }
  throw new Error(
    'No Chromium found. Install one: apt-get install -y chromium, or set CHROME_PATH',
  );
}

/** Flags for a quiet, reproducible headless run in containers and CI. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
