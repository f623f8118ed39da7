// Starts the real server (src/server) for the browser tests, the way `npm start` does but with
// fresh data directories and a private copy of the built app per origin. Run by playwright.config.ts.
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type RunningServer } from '../../src/server/main';
import { dataDirFor, E2E_HOST, E2E_PORT, E2E_ROOT, E2E_UPDATE_PORT, staticDirFor } from './env';

const dist = fileURLToPath(new URL('../../dist', import.meta.url));
if (!existsSync(join(dist, 'index.html')) || !existsSync(join(dist, 'sw.js'))) {
  throw new Error('dist/ has no built app: run `npm run build` before the browser tests.');
}

rmSync(E2E_ROOT, { recursive: true, force: true });
const servers: RunningServer[] = [];
// The update origin starts first: Playwright waits for the main URL only.
for (const port of [E2E_UPDATE_PORT, E2E_PORT]) {
  const staticDir = staticDirFor(port);
  const dataDir = dataDirFor(port);
  cpSync(dist, staticDir, { recursive: true });
  mkdirSync(dataDir, { recursive: true });
  // A throw-away server key per run (no key file left in the data directory).
  const dataKey = new Uint8Array(randomBytes(32));
  servers.push(
    await startServer({ port, host: E2E_HOST, dataDir, staticDir, dataKey, logLevel: 'warn' }),
  );
}
console.info(`e2e servers: ${servers.map((s) => s.url).join(', ')}`);

const stop = () => {
  void Promise.all(servers.map((s) => s.close())).finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
