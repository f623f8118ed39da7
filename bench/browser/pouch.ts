// The comparison the issue asks for, in the same run as the Jejaring sync: the same N records
// written to PouchDB in Chromium (IndexedDB adapter) and replicated to a PouchDB server speaking
// CouchDB's protocol (bench/node/pouchServer.ts, a child process, like the Jejaring server).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../lib/serverProcess';
import { launchProfile, tempProfile } from './launch';

export interface PouchResult {
  records: number;
  pouchVersion: string;
  serverDescription: string;
  writeSeconds: number;
  writeRecordsPerSecond: number;
  replicateSeconds: number;
  replicateRecordsPerSecond: number;
  /** doc_count of the server's database after replication (must equal records). */
  serverDocCount: number;
}

interface PouchServer {
  url: string;
  stop(): Promise<void>;
}

export async function startPouchServer(webRoot: string): Promise<PouchServer> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, 'bench/node/pouchServer.ts')],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, STATIC_DIR: webRoot },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The PouchDB server did not start within 30 s. ${stderr}`));
    }, 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The PouchDB server exited (${code}) before listening. ${stderr}`));
    });
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

function versionOf(pkg: string): string {
  const file = path.join(REPO_ROOT, 'node_modules', pkg, 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/** Writes `n` records to PouchDB in a fresh Chromium profile, then replicates them to the server. */
export async function benchPouch(webRoot: string, n: number): Promise<PouchResult> {
  const server = await startPouchServer(webRoot);
  const profile = tempProfile();
  try {
    const { page, close } = await launchProfile(profile.dir);
    try {
      await page.goto(`${server.url}/bench/pouch.html`);
      await page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 30_000 });
      const written = await page.evaluate((count) => window.pouchBench.write(count), n);
      if (written.docCount !== n) throw new Error(`PouchDB holds ${written.docCount} of ${n} docs`);
      const remote = `${server.url}/jejaring-bench`;
      const replicated = await page.evaluate((url) => window.pouchBench.replicate(url), remote);
      const info = (await (await fetch(remote)).json()) as { doc_count: number };
      if (replicated.failures > 0 || replicated.errors > 0 || info.doc_count !== n) {
        throw new Error(
          `replication incomplete: ${info.doc_count} of ${n} on the server, ${replicated.failures} failures`,
        );
      }
      return {
        records: n,
        pouchVersion: versionOf('pouchdb-browser'),
        serverDescription: `express-pouchdb ${versionOf('express-pouchdb')} on pouchdb-core ${versionOf('pouchdb-core')} with the memory adapter, Node`,
        writeSeconds: written.ms / 1000,
        writeRecordsPerSecond: (n / written.ms) * 1000,
        replicateSeconds: replicated.ms / 1000,
        replicateRecordsPerSecond: (n / replicated.ms) * 1000,
        serverDocCount: info.doc_count,
      };
    } finally {
      await close();
    }
  } finally {
    profile.remove();
    await server.stop();
  }
}
