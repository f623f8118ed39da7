// Serves the built PWA (dist/): the right media types, HTTP caching that never pins an old app
// shell (sw.js, index.html, the manifest are revalidated every time; hashed assets are immutable),
// and the single-page fallback for routes without a file extension.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from 'hono';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Files the browser must revalidate on every load, or an update would never reach the phone. */
const NO_CACHE_FILES: ReadonlySet<string> = new Set([
  '/sw.js',
  '/index.html',
  '/manifest.webmanifest',
  '/koordinator/index.html',
]);

/**
 * The coordinator console (a separate Vite entry, dist/koordinator/) lives under this prefix; its
 * hash routes fall back to its own index.html, never the phone's.
 */
export const CONSOLE_PREFIX = '/koordinator/';

export const CACHE_NO_CACHE = 'no-cache';
export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
export const CACHE_SHORT = 'public, max-age=300';

/** Cache-Control for a served file, by its URL path. */
export function cacheControlFor(urlPath: string): string {
  if (
    NO_CACHE_FILES.has(urlPath) ||
    urlPath.startsWith('/workbox-') ||
    urlPath === '/registerSW.js'
  ) {
    return CACHE_NO_CACHE;
  }
  if (urlPath.startsWith('/assets/') || urlPath.startsWith(`${CONSOLE_PREFIX}assets/`))
    return CACHE_IMMUTABLE;
  return CACHE_SHORT;
}

/** Media type for a file name. */
export function contentTypeFor(fileName: string): string {
  return CONTENT_TYPES[path.extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

interface FoundFile {
  urlPath: string;
  file: string;
  size: number;
  mtimeMs: number;
}

async function findFile(root: string, urlPath: string): Promise<FoundFile | undefined> {
  // Resolve inside root only: '..', encoded slashes and NUL bytes never leave the directory.
  if (urlPath.includes('\0') || urlPath.includes('\\')) return undefined;
  const normalized = path.posix.normalize(urlPath);
  if (!normalized.startsWith('/') || normalized.split('/').some((part) => part === '..'))
    return undefined;
  // No dotfile or dot-folder is ever served (.env, .git, .htpasswd left in the build folder).
  if (normalized.split('/').some((part) => part.startsWith('.'))) return undefined;
  const file = path.join(root, normalized);
  if (file !== root && !file.startsWith(root + path.sep)) return undefined;
  try {
    const info = await stat(file);
    if (!info.isFile()) return undefined;
    return { urlPath: normalized, file, size: info.size, mtimeMs: info.mtimeMs };
  } catch {
    return undefined;
  }
}

async function sendFile(c: Context, found: FoundFile): Promise<Response> {
  const etag = `W/"${found.size.toString(16)}-${Math.floor(found.mtimeMs).toString(16)}"`;
  const headers: Record<string, string> = {
    'Content-Type': contentTypeFor(found.file),
    'Cache-Control': cacheControlFor(found.urlPath),
    ETag: etag,
  };
  const ifNoneMatch = c.req.header('if-none-match');
  if (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((tag) => tag.trim() === etag)) {
    return c.body(null, 304, headers);
  }
  if (c.req.method === 'HEAD') {
    return c.body(null, 200, { ...headers, 'Content-Length': String(found.size) });
  }
  const data = await readFile(found.file);
  return c.body(new Uint8Array(data), 200, headers);
}

/**
 * Answers GET/HEAD for a file under root, or index.html for app routes (no file extension).
 * Returns undefined when nothing matches, so the caller can answer 404.
 */
export async function serveStatic(c: Context, root: string): Promise<Response | undefined> {
  let urlPath: string;
  try {
    urlPath = decodeURIComponent(new URL(c.req.url).pathname);
  } catch {
    return undefined;
  }
  const resolvedRoot = path.resolve(root);
  const requested = urlPath.endsWith('/') ? `${urlPath}index.html` : urlPath;
  const found = await findFile(resolvedRoot, requested);
  if (found !== undefined) return sendFile(c, found);
  if (path.posix.extname(urlPath) === '') {
    const fallback = urlPath.startsWith(CONSOLE_PREFIX)
      ? `${CONSOLE_PREFIX}index.html`
      : '/index.html';
    const index = await findFile(resolvedRoot, fallback);
    if (index !== undefined) return sendFile(c, index);
  }
  return undefined;
}
