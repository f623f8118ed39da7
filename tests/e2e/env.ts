// Where the browser tests' servers live. Two origins, each with its own copy of dist/: the update
// test rewrites its copy's sw.js, and on its own origin that cannot disturb the other tests.
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** E2E_PORT moves both servers (to run two suites side by side); the update origin is +1. */
export const E2E_PORT = parsePort(process.env.E2E_PORT, 8765);
export const E2E_UPDATE_PORT = E2E_PORT + 1;
export const E2E_HOST = '127.0.0.1';
export const E2E_URL = `http://${E2E_HOST}:${E2E_PORT}`;
export const E2E_UPDATE_URL = `http://${E2E_HOST}:${E2E_UPDATE_PORT}`;

/** Recreated empty on every run by serve.ts. */
export const E2E_ROOT = join(tmpdir(), `jejaring-e2e-${E2E_PORT}`);
export const staticDirFor = (port: number) => join(E2E_ROOT, `static-${port}`);
export const dataDirFor = (port: number) => join(E2E_ROOT, `data-${port}`);

function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65534) {
    throw new Error(`E2E_PORT must be an integer from 1 to 65534, got "${value}"`);
  }
  return port;
}
