// Runs inside Chromium (bundled by bench/browser/build.ts as /bench/pouch.js): what a team would
// pick instead of Jejaring's own sync — PouchDB on IndexedDB, replicated to a CouchDB-protocol
// server. Exposed to the driver as `window.pouchBench`. Nothing here is part of the app.
import PouchDB from 'pouchdb-browser';
import type { PouchDatabase } from 'pouchdb-bench-types';
import { migrantPayload } from './payloads';

export interface PouchPageBench {
  /** Writes `count` migrant records (the same payloads as the Jejaring seed), 25 per bulkDocs. */
  write(count: number): Promise<{ ms: number; docCount: number }>;
  /** Replicates the local database to `remote` (one-shot, PouchDB's defaults); returns ms. */
  replicate(
    remote: string,
  ): Promise<{ ms: number; docsWritten: number; failures: number; errors: number }>;
}

declare global {
  interface Window {
    pouchBench: PouchPageBench;
  }
}

let local: PouchDatabase | undefined;
const db = (): PouchDatabase => (local ??= new PouchDB('jejaring-bench-pouch'));

const bench: PouchPageBench = {
  async write(count) {
    const start = performance.now();
    for (let i = 0; i < count; i += 25) {
      const docs = Array.from({ length: Math.min(25, count - i) }, (_, j) => ({
        _id: crypto.randomUUID(),
        kind: 'migrant',
        schemaVersion: 1,
        createdAt: '2026-11-30T09:15:00+07:00',
        updatedAt: '2026-11-30T09:15:00+07:00',
        payload: migrantPayload(i + j),
      }));
      const results = await db().bulkDocs(docs);
      if (results.some((r) => r.error)) throw new Error('PouchDB refused a document');
    }
    const ms = performance.now() - start;
    return { ms, docCount: (await db().info()).doc_count };
  },

  async replicate(remote) {
    const start = performance.now();
    const result = await db().replicate.to(remote);
    return {
      ms: performance.now() - start,
      docsWritten: result.docs_written,
      failures: result.doc_write_failures,
      errors: result.errors.length,
    };
  },
};

window.pouchBench = bench;
document.body.dataset.ready = 'true';
