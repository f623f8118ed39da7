// The comparison's server: PouchDB in Node (pouchdb-core with the memory adapter) behind
// express-pouchdb, which speaks CouchDB's HTTP replication protocol — the design of the Community
// Health Toolkit (phones replicating PouchDB to CouchDB). It also serves the bench page from
// STATIC_DIR/bench/, so the page replicates to its own origin, as the Jejaring page syncs to its
// own. Run as a child process (bench/browser/pouch.ts); prints `listening on http://…`.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb-core';
import httpAdapter from 'pouchdb-adapter-http';
import memory from 'pouchdb-adapter-memory';
import mapreduce from 'pouchdb-mapreduce';
import replication from 'pouchdb-replication';

const staticDir = process.env.STATIC_DIR;
const Pouch = PouchDB.plugin(memory)
  .plugin(httpAdapter)
  .plugin(mapreduce)
  .plugin(replication)
  .defaults({ adapter: 'memory' });
const couch = expressPouchDB(Pouch, {
  mode: 'minimumForPouchDB',
  inMemoryConfig: true,
  logPath: path.join(tmpdir(), `jejaring-bench-pouch-${process.pid}.log`),
});
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (staticDir && url.pathname.startsWith('/bench/')) {
    // Only the bench page's own files (no "..": the path is normalised by URL above).
    const file = path.join(staticDir, url.pathname);
    readFile(file).then(
      (body) => {
        res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'text/plain' });
        res.end(body);
      },
      () => {
        res.writeHead(404).end();
      },
    );
    return;
  }
  couch(req, res);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  console.info(`listening on http://127.0.0.1:${address.port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
