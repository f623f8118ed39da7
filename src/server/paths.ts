// Where the repository's files are at run time. The server runs from src/server (through tsx, in
// tests) or bundled into dist-server/ (`npm start`): both sit one level below the repository root,
// but rather than count levels from either, the root is the nearest folder with a package.json.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest directory at or above `start` holding a package.json (else `start` itself). */
export function findPackageRoot(start: string): string {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start);
    dir = parent;
  }
}

/** The repository root: package.json, dist/ (the built PWA) and locales/ are under it. */
export const REPO_ROOT = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));
