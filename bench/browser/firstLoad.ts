// First load: what the first navigation of a new visitor transfers (CDP Network.loadingFinished
// encodedDataLength, i.e. bytes on the wire as the real server sends them), and the gzip size of
// the first-load files (index.html and what it loads before rendering), as the size budget counts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { PHONE } from './launch';

export interface TransferredResponse {
  url: string;
  status: number;
  type: string;
  encodedBytes: number;
  fromCache: boolean;
}

export interface FirstLoadResult {
  /** Sum of encodedDataLength of every response of the first navigation (until network idle). */
  transferredBytes: number;
  responses: TransferredResponse[];
  /** Whether responses arrived compressed (a Content-Encoding header on the HTML or JS). */
  compressedOnWire: boolean;
  /** gzip -9 of each first-load file and their sum (what a compressing server would send). */
  gzipFiles: { file: string; rawBytes: number; gzipBytes: number }[];
  gzipBytes: number;
  rawBytes: number;
}

/** index.html and the same-origin scripts, module preloads and stylesheets it references. */
export function firstLoadFiles(dist: string): string[] {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const files = new Set<string>(['index.html']);
  for (const [, src] of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) files.add(src!);
  for (const [tag] of html.matchAll(/<link\b[^>]*>/g)) {
    const rel = /\brel="([^"]+)"/.exec(tag)?.[1] ?? '';
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
    if (href && /\b(stylesheet|modulepreload)\b/.test(rel)) files.add(href);
  }
  return [...files]
    .filter((url) => !/^[a-z]+:\/\//i.test(url))
    .map((url) => url.replace(/^\//, '').split(/[?#]/)[0]!);
}

export function gzipSizes(
  dist: string,
): Pick<FirstLoadResult, 'gzipFiles' | 'gzipBytes' | 'rawBytes'> {
  const gzipFiles = firstLoadFiles(dist).map((file) => {
    const bytes = readFileSync(path.join(dist, file));
    return { file, rawBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
  });
  return {
    gzipFiles,
    gzipBytes: gzipFiles.reduce((a, f) => a + f.gzipBytes, 0),
    rawBytes: gzipFiles.reduce((a, f) => a + f.rawBytes, 0),
  };
}

/** Loads `url` in a fresh context and sums the bytes of every response until the network is idle. */
export async function benchFirstLoad(
  browser: Browser,
  url: string,
  dist: string,
): Promise<FirstLoadResult> {
  const context = await browser.newContext({ ...PHONE, serviceWorkers: 'allow' });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const byId = new Map<string, TransferredResponse & { encoding?: string }>();
    cdp.on('Network.responseReceived', (event) => {
      const headers = Object.fromEntries(
        Object.entries(event.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]),
      );
      byId.set(event.requestId, {
        url: event.response.url,
        status: event.response.status,
        type: event.type ?? 'Other',
        encodedBytes: 0,
        fromCache: Boolean(event.response.fromDiskCache || event.response.fromServiceWorker),
        encoding: headers['content-encoding'],
      });
    });
    const finished = new Map<string, number>();
    cdp.on('Network.loadingFinished', (event) =>
      finished.set(event.requestId, event.encodedDataLength),
    );
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector('h1', { timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    // A moment for late loadingFinished events.
    await page.waitForTimeout(300);
    const responses: TransferredResponse[] = [];
    let compressedOnWire = false;
    for (const [id, response] of byId) {
      const { encoding, ...rest } = response;
      if (encoding && /gzip|br|zstd|deflate/.test(encoding)) compressedOnWire = true;
      responses.push({ ...rest, encodedBytes: finished.get(id) ?? 0 });
    }
    return {
      transferredBytes: responses.reduce((a, r) => a + r.encodedBytes, 0),
      responses,
      compressedOnWire,
      ...gzipSizes(dist),
    };
  } finally {
    await context.close();
  }
}
