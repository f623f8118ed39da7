// The built PWA as the server delivers it: media types, HTTP caching rules that let updates reach
// phones, the single-page fallback, and security headers on every response.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/server/httpApp';
import { createTestApp, tempDir, type TestApp } from './helpers';

// The machine is shared (2 cores): allow for slow fsyncs and process start-up under load.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let t: TestApp;
let staticDir: ReturnType<typeof tempDir>;
let root: string;

const FILES: Record<string, string> = {
  'index.html':
    '<!doctype html><title>Jejaring</title><script type="module" src="/assets/index-Ab12Cd.js"></script>',
  'sw.js': 'self.addEventListener("install", () => {});',
  'manifest.webmanifest': '{"name":"Jejaring"}',
  'assets/index-Ab12Cd.js': 'console.log(1);',
  'assets/index-Ef34Gh.css': 'body{}',
  'icons/icon-192.png': '\x89PNG',
  'icons/icon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
  'fonts/inter.woff2': 'wOF2',
  'locales/en/app.json': '{}',
  'robots.txt': 'User-agent: *',
  'koordinator/index.html': '<!doctype html><title>Konsol koordinator</title>',
  'koordinator/assets/console-Qw12Er.js': 'console.log(2);',
  'assets/vendor-Zz99Yy.js': `export const big = ${JSON.stringify('jejaring '.repeat(2000))};`,
};

beforeAll(async () => {
  staticDir = tempDir('jejaring-static-');
  root = path.join(staticDir.dir, 'www');
  for (const [name, content] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
  writeFileSync(path.join(staticDir.dir, 'outside-secret.txt'), 'secret');
  t = await createTestApp({ staticDir: root });
});
afterAll(async () => {
  await t.close();
  staticDir.remove();
});

describe('static files', () => {
  it.each([
    ['/sw.js', 'text/javascript', 'no-cache'],
    ['/index.html', 'text/html', 'no-cache'],
    ['/', 'text/html', 'no-cache'],
    ['/manifest.webmanifest', 'application/manifest+json', 'no-cache'],
    ['/assets/index-Ab12Cd.js', 'text/javascript', 'public, max-age=31536000, immutable'],
    ['/assets/index-Ef34Gh.css', 'text/css', 'public, max-age=31536000, immutable'],
    ['/icons/icon-192.png', 'image/png', 'public, max-age=300'],
    ['/icons/icon.svg', 'image/svg+xml', 'public, max-age=300'],
    ['/fonts/inter.woff2', 'font/woff2', 'public, max-age=300'],
    ['/locales/en/app.json', 'application/json', 'public, max-age=300'],
  ])('%s is %s with Cache-Control %s', async (url, type, cache) => {
    const response = await t.app.request(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(
      new RegExp(`^${type.replace('+', '\\+')}`),
    );
    expect(response.headers.get('cache-control')).toBe(cache);
  });

  it('serves index.html for app routes without a file extension', async () => {
    const response = await t.app.request('/records/migrant/new');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toBe(FILES['index.html']);
  });

  it('serves the coordinator console from /koordinator/, its own fallback, and redirects the bare path', async () => {
    const entry = await t.app.request('/koordinator/');
    expect(entry.status).toBe(200);
    expect(entry.headers.get('cache-control')).toBe('no-cache');
    expect(await entry.text()).toBe(FILES['koordinator/index.html']);
    const deep = await t.app.request('/koordinator/records');
    expect(await deep.text()).toBe(FILES['koordinator/index.html']);
    const asset = await t.app.request('/koordinator/assets/console-Qw12Er.js');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const bare = await t.app.request('/koordinator');
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/koordinator/');
    // The phone's routes still fall back to the phone's shell.
    expect(await (await t.app.request('/settings')).text()).toBe(FILES['index.html']);
  });

  it('answers 404 for a missing file with an extension, and never falls back for /api', async () => {
    expect((await t.app.request('/assets/missing-123.js')).status).toBe(404);
    const api = await t.app.request('/api/v1/unknown');
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it.each([
    '/../outside-secret.txt',
    '/%2e%2e/outside-secret.txt',
    '/assets/..%2f..%2foutside-secret.txt',
    '/%00sw.js',
  ])('never serves a file outside the static directory: %s', async (url) => {
    const response = await t.app.request(url);
    expect(await response.text()).not.toBe('secret');
  });

  it('gzips text for clients that accept it, keeping the caching headers', async () => {
    const response = await t.app.request('/assets/vendor-Zz99Yy.js', {
      headers: { 'Accept-Encoding': 'gzip, deflate, br' },
    });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('vary')).toMatch(/Accept-Encoding/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(bytes.length).toBeLessThan(FILES['assets/vendor-Zz99Yy.js']!.length / 10);
    const plain = await t.app.request('/assets/vendor-Zz99Yy.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(FILES['assets/vendor-Zz99Yy.js']);
  });

  it('revalidates with ETag (304) and answers HEAD without a body', async () => {
    const first = await t.app.request('/sw.js');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await t.app.request('/sw.js', { headers: { 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
    const head = await t.app.request('/sw.js', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(FILES['sw.js']!.length));
    expect(await head.text()).toBe('');
  });
});

describe('security headers', () => {
  it.each([
    '/',
    '/sw.js',
    '/assets/index-Ab12Cd.js',
    '/missing.png',
    '/api/v1/health',
    '/api/v1/nothing',
  ])('%s carries CSP without inline script, nosniff, no-referrer and frame denial', async (url) => {
    const response = await t.app.request(url);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toBe(CONTENT_SECURITY_POLICY);
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
    expect(scriptSrc.trim()).toBe("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/connect-src 'self' https:/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });
});
