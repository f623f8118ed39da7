// Builds the benchmark's web root: a copy of the built app (dist/) plus /bench/, a page that
// loads bench/browser/page.ts bundled with esbuild (the app's own src/data and src/sync), and
// /bench/pouch.html, the PouchDB comparison (bench/browser/pouchPage.ts).
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from '../lib/serverProcess';

export const BENCH_TMP = path.join(REPO_ROOT, '.bench-tmp');
export const WEB_ROOT = path.join(BENCH_TMP, 'web');
export const DIST = path.join(REPO_ROOT, 'dist');

/** Copies the built app and bundles the bench page into .bench-tmp/web/bench/. Returns the web root. */
export async function buildWebRoot(
  dist: string = DIST,
  options: { minify?: boolean } = {},
): Promise<string> {
  const minify = options.minify ?? true;
  if (!existsSync(path.join(dist, 'index.html')) || !existsSync(path.join(dist, 'sw.js'))) {
    throw new Error(`${dist} has no built app: run \`npm run build\` first (bench/run.ts does).`);
  }
  rmSync(WEB_ROOT, { recursive: true, force: true });
  cpSync(dist, WEB_ROOT, { recursive: true });
  const benchDir = path.join(WEB_ROOT, 'bench');
  mkdirSync(benchDir, { recursive: true });
  await build({
    entryPoints: [path.join(REPO_ROOT, 'bench/browser/page.ts')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    minify,
    outfile: path.join(benchDir, 'page.js'),
    logLevel: 'warning',
  });
  // The PouchDB comparison's page (bench/browser/pouchPage.ts), on its own: PouchDB is not in
  // the Jejaring page's bundle. PouchDB imports Node's `events`; the `events` package provides it.
  await build({
    entryPoints: [path.join(REPO_ROOT, 'bench/browser/pouchPage.ts')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    minify,
    outfile: path.join(benchDir, 'pouch.js'),
    logLevel: 'warning',
  });
  const html = (script: string) =>
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>' +
    `<script type="module" src="/bench/${script}"></script></head><body></body></html>\n`;
  writeFileSync(path.join(benchDir, 'index.html'), html('page.js'));
  writeFileSync(path.join(benchDir, 'pouch.html'), html('pouch.js'));
  return WEB_ROOT;
}
