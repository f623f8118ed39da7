// Size budget of the first load, run by `npm run size` after `npm run build` (inside `npm test`).
// The files are read from dist/index.html itself — the page, its entry script, every module it
// preloads and every stylesheet it links — so a new first-load file can never slip past the
// budget, and a missing build fails loudly instead of measuring nothing.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
const indexHtml = join(dist, 'index.html');
if (!existsSync(indexHtml)) {
  throw new Error('dist/index.html is missing: run `npm run build` before `npm run size`.');
}
const html = readFileSync(indexHtml, 'utf8');

/** Same-origin files the page loads before it can render: scripts, module preloads, stylesheets. */
function firstLoadFiles(page) {
  const files = new Set();
  for (const [, src] of page.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) files.add(src);
  for (const [tag] of page.matchAll(/<link\b[^>]*>/g)) {
    const rel = /\brel="([^"]+)"/.exec(tag)?.[1] ?? '';
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
    if (href && /\b(stylesheet|modulepreload)\b/.test(rel)) files.add(href);
  }
  return [...files]
    .filter((url) => !/^[a-z]+:\/\//i.test(url))
    .map((url) => join('dist', url.replace(/^\//, '').split(/[?#]/)[0]));
}

const files = firstLoadFiles(html);
if (!files.some((file) => /assets\/shell-[^/]+\.js$/.test(file))) {
  throw new Error('dist/index.html does not load assets/shell-*.js: check vite.config.ts naming.');
}
for (const file of files) {
  if (!existsSync(join(root, file))) throw new Error(`${file} is referenced but missing.`);
}

// The boot namespaces of the default language (src/app/i18n.ts BOOT_NAMESPACES) are fetched
// before the first screen renders, so they count too.
const BOOT_LOCALES = ['app', 'pwa', 'sync'];
const assets = readdirSync(join(dist, 'assets'));
for (const ns of BOOT_LOCALES) {
  const chunk = assets.find((name) => name.startsWith(`locale-id-${ns}-`) && name.endsWith('.js'));
  if (!chunk) throw new Error(`No built locale chunk for id/${ns}: check vite.config.ts naming.`);
  files.push(join('dist', 'assets', chunk));
}

export default [
  {
    name: 'First load (HTML + JS + CSS + boot locale, gzip)',
    path: ['dist/index.html', ...files],
    gzip: true,
    limit: '100 KB',
  },
];
