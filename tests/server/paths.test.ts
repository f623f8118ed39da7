// The server finds the repository's files (dist/, locales/, package.json) from wherever it runs:
// src/server through tsx, or the dist-server/ bundle that `npm start` builds.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_STATIC_DIR } from '../../src/server/main';
import { findPackageRoot, REPO_ROOT as SERVER_ROOT } from '../../src/server/paths';
import { REPO_ROOT, tempDir } from './helpers';

let temp: ReturnType<typeof tempDir> | undefined;
afterEach(() => temp?.remove());

describe('findPackageRoot', () => {
  it('finds the nearest folder with a package.json, from any depth below it', () => {
    temp = tempDir();
    writeFileSync(path.join(temp.dir, 'package.json'), '{}');
    const bundleDir = path.join(temp.dir, 'dist-server');
    const sourceDir = path.join(temp.dir, 'src', 'server');
    mkdirSync(bundleDir, { recursive: true });
    mkdirSync(sourceDir, { recursive: true });
    expect(findPackageRoot(bundleDir)).toBe(temp.dir);
    expect(findPackageRoot(sourceDir)).toBe(temp.dir);
  });

  it('resolves the repository root and the default static directory from src/server', () => {
    expect(SERVER_ROOT).toBe(REPO_ROOT);
    expect(DEFAULT_STATIC_DIR).toBe(path.join(REPO_ROOT, 'dist'));
  });
});
