// `npm run bench:console`: the coordinator console in Chromium with 10,000 sealed records
// (issue 10 "Measure"). The built console (dist/koordinator/) is served to a real Chromium; the
// console API is answered from memory by Playwright routes (the server's own speed is measured by
// the server benches), so the numbers are the browser's work: first paint of the queue after
// sign-in, unlocking the district key (Argon2id at the console's real cost) and opening every
// record, and filtering / searching them. Writes its section of BENCHMARKS.md.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { computeMeta } from '../src/domain/contract';
import {
  describePublicKey,
  exportPublicJwk,
  generateKeyPair,
  sealRecordPayload,
} from '../src/crypto/seal';
import { wrapPrivateKey } from '../src/crypto/keyWrap';
import { addNameShim, chromiumPath, launchBrowser } from './browser/launch';
import { machineInfo } from './lib/machine';
import { validPayload } from './lib/records';
import { median } from './lib/stats';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIST = path.join(ROOT, 'dist', 'koordinator');
const N = Number(process.env.BENCH_CONSOLE_N ?? 10_000);
const RUNS = Number(process.env.BENCH_CONSOLE_RUNS ?? 3);
const TIMEOUT = Number(process.env.BENCH_CONSOLE_TIMEOUT_MS ?? 120_000);
const PASSPHRASE = 'sawah hijau di lereng merapi pagi ini';
export const CONSOLE_START = '<!-- bench:console:start -->';
export const CONSOLE_END = '<!-- bench:console:end -->';

const ACCOUNT = {
  id: 'a1',
  username: 'koordinator',
  displayName: 'Koordinator',
  roles: ['coordinator'],
  passkeys: 0,
};
const TARGETS = { unlockAndOpenMs: 3000, filterMs: 100, queuePaintMs: 1000 };

async function fixture() {
  const pair = await generateKeyPair(true);
  const { kid, fingerprint } = await describePublicKey(pair.publicKey);
  const publicKey = await exportPublicJwk(pair.publicKey);
  const wrapped = await wrapPrivateKey(pair.privateKey, kid, PASSPHRASE);
  const now = Date.now();
  const rows = [];
  for (let i = 0; i < N; i++) {
    const { kind, schemaVersion, payload } = validPayload(i);
    const id = randomUUID();
    const at = new Date(now - (i % 72) * 3_600_000).toISOString();
    const sealed = await sealRecordPayload(
      { id, rev: 1, kind, schemaVersion, deleted: false },
      payload,
      [{ kid, publicKey: pair.publicKey }],
    );
    rows.push({
      id,
      rev: 1,
      kind,
      schemaVersion,
      createdAt: at,
      updatedAt: at,
      receivedAt: at,
      deleted: false,
      meta: computeMeta(kind, payload) ?? {},
      sealed,
      deviceId: `dev-${i % 40}`,
      deviceLabel: `HP relawan ${i % 40}`,
    });
  }
  return {
    state: {
      keys: [{ kid, publicKey, fingerprint, createdAt: new Date(now).toISOString() }],
      holders: [{ accountId: 'a1', kid, createdAt: new Date(now).toISOString() }],
    },
    wrapped: [{ kid, wrapped }],
    rows,
  };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.png': 'image/png',
};

/**
 * A loopback HTTP server with the built console and the console API answered from memory (pages
 * serialised once). Loopback is a secure context, so WebCrypto is available to the page.
 */
async function serve(
  data: Awaited<ReturnType<typeof fixture>>,
): Promise<{ origin: string; close: () => Promise<void>; signOut: () => void }> {
  let signedIn = false;
  const pages = new Map<number, string>();
  for (let since = 0; since < data.rows.length || since === 0; since += 1000) {
    const items = data.rows.slice(since, since + 1000);
    pages.set(
      since,
      JSON.stringify({
        items,
        cursor: String(since + items.length),
        more: since + items.length < data.rows.length,
      }),
    );
    if (items.length === 0) break;
  }
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const json = (body: unknown, status = 200) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (url.pathname.startsWith('/api/console/')) {
      const p = url.pathname.slice('/api/console'.length);
      if (p === '/me')
        return signedIn
          ? json(ACCOUNT)
          : json({ error: { code: 'unauthenticated', message: 'sign in' } }, 401);
      if (p === '/auth/login') {
        signedIn = true;
        return json({ account: ACCOUNT, needsSecondFactor: false });
      }
      if (p === '/records')
        return json(
          pages.get(Number(url.searchParams.get('since') || 0)) ??
            '{"items":[],"cursor":"","more":false}',
        );
      if (p === '/district-key') return json(data.state);
      if (p === '/district-key/wrapped') return json(data.wrapped);
      return json({});
    }
    const file = path.join(DIST, url.pathname.replace(/^\/koordinator\/?/, '') || 'index.html');
    if (!file.startsWith(DIST) || !existsSync(file)) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    signOut: () => {
      signedIn = false;
    },
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

interface Run {
  queuePaintMs: number;
  unlockAndOpenMs: number;
  filterKindMs: number;
  searchMs: number;
}

async function oneRun(ORIGIN: string): Promise<Run> {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'id-ID',
    });
    await addNameShim(context);
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') console.warn(`[page] ${message.text()}`);
    });
    await page.goto(`${ORIGIN}/koordinator/`);
    await page.fill('#login-username', 'koordinator');
    await page.fill('#login-password', 'kata sandi panjang sekali');
    let started = performance.now();
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=queue] tbody tr');
    const queuePaintMs = performance.now() - started;
    await page.screenshot({ path: path.join(ROOT, 'test-results', 'console-bench-queue.png') });

    await page.goto(`${ORIGIN}/koordinator/#/records`);
    await page.fill('#unlock-passphrase', PASSPHRASE);
    started = performance.now();
    await page.click('form button[type=submit]');
    await page
      .waitForSelector('[data-testid=records] tbody tr', { timeout: TIMEOUT })
      .catch(async (error: unknown) => {
        await page.screenshot({
          path: path.join(ROOT, 'test-results', 'bench-console-failed.png'),
        });
        throw error;
      });
    const unlockAndOpenMs = performance.now() - started;

    // In the page: change a filter / type a search and wait for the next frame after the render.
    const measure = (selector: string, value: string, event: 'input' | 'change') =>
      page.evaluate(
        async ({ selector, value, event }) => {
          const el = document.querySelector(selector) as HTMLInputElement | HTMLSelectElement;
          const t0 = performance.now();
          el.value = value;
          el.dispatchEvent(new Event(event, { bubbles: true }));
          await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
          return performance.now() - t0;
        },
        { selector, value, event },
      );
    const filterKindMs = await measure('#filter-kind', 'screening', 'change');
    await measure('#filter-kind', '', 'change');
    const searchMs = await measure('#filter-text', 'desa sukamaju', 'input');
    await measure('#filter-text', '', 'input');
    await page.screenshot({ path: path.join(ROOT, 'test-results', 'console-bench-records.png') });
    return { queuePaintMs, unlockAndOpenMs, filterKindMs, searchMs };
  } finally {
    await browser.close();
  }
}

function section(runs: Run[], machine: ReturnType<typeof machineInfo>): string {
  const med = (key: keyof Run) => Math.round(median(runs.map((r) => r[key])));
  const verdict = (value: number, target: number) => (value <= target ? '✅ met' : '❌ missed');
  const filter = Math.max(med('filterKindMs'), med('searchMs'));
  return [
    CONSOLE_START,
    '## Coordinator console (issue 10)',
    '',
    `\`npm run bench:console\`: ${N.toLocaleString('en')} records sealed one by one to a district key, the built console in Chromium at 1280 px, the console API answered from memory by a loopback HTTP server (median of ${runs.length} fresh browsers). Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGb} GB, Node ${machine.node}, ${machine.chromium}; commit ${machine.commit}${machine.dirty ? ' (dirty)' : ''}, ${machine.date}; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}.`,
    '',
    '| Measure | Median | Target | |',
    '| --- | ---: | ---: | --- |',
    `| Queue first paint after sign-in (click → first queue row; ${N.toLocaleString('en')} rows fetched, clear meta only) | ${med('queuePaintMs')} ms | ≤ ${TARGETS.queuePaintMs} ms | ${verdict(med('queuePaintMs'), TARGETS.queuePaintMs)} |`,
    `| Unlock (Argon2id 64 MiB × 3) + open all ${N.toLocaleString('en')} records (click → table) | ${med('unlockAndOpenMs')} ms | ≤ ${TARGETS.unlockAndOpenMs} ms | ${verdict(med('unlockAndOpenMs'), TARGETS.unlockAndOpenMs)} |`,
    `| Filter by kind (change → next frame, table re-rendered) | ${med('filterKindMs')} ms | ≤ ${TARGETS.filterMs} ms | ${verdict(med('filterKindMs'), TARGETS.filterMs)} |`,
    `| Search opened content, two words (input → next frame) | ${med('searchMs')} ms | ≤ ${TARGETS.filterMs} ms | ${verdict(filter, TARGETS.filterMs)} |`,
    '',
    `Runs: ${runs.map((r) => `${Math.round(r.queuePaintMs)}/${Math.round(r.unlockAndOpenMs)}/${Math.round(r.filterKindMs)}/${Math.round(r.searchMs)}`).join(', ')} ms (queue/unlock+open/filter/search).`,
    CONSOLE_END,
  ].join('\n');
}

async function main() {
  if (!existsSync(path.join(DIST, 'index.html')))
    throw new Error('dist/koordinator/ is missing: run `npm run build` first.');
  console.info(`[bench:console] sealing ${N} records…`);
  const data = await fixture();
  const runs: Run[] = [];
  const server = await serve(data);
  for (let i = 0; i < RUNS; i++) {
    server.signOut(); // each fresh browser signs in
    runs.push(await oneRun(server.origin));
    console.info(`[bench:console] run ${i + 1}: ${JSON.stringify(runs.at(-1))}`);
  }
  await server.close();
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const text = section(runs, machineInfo(chromiumPath(), ROOT));
  const start = before.indexOf(CONSOLE_START);
  const end = before.indexOf(CONSOLE_END);
  writeFileSync(
    file,
    start !== -1 && end > start
      ? before.slice(0, start) + text + before.slice(end + CONSOLE_END.length)
      : `${before.trimEnd()}\n\n${text}\n`,
  );
  console.info(text);
}

await main();
