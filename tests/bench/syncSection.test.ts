// The PouchDB comparison's server and the v2 sync section of BENCHMARKS.md, with tiny sizes so
// they cannot rot. Timings are never asserted (they belong in BENCHMARKS.md).
import { describe, expect, it } from 'vitest';
import { startPouchServer } from '../../bench/browser/pouch';
import { machineInfo } from '../../bench/lib/machine';
import { summarize } from '../../bench/lib/stats';
import { renderSyncSection, spliceSyncSection, SYNC_END, SYNC_START } from '../../bench/reportSync';

describe('PouchDB comparison server', () => {
  it('speaks the CouchDB protocol: creates a database and stores a bulk of docs', async () => {
    const server = await startPouchServer(process.cwd());
    try {
      expect((await fetch(`${server.url}/smoke`, { method: 'PUT' })).status).toBe(201);
      const stored = await fetch(`${server.url}/smoke/_bulk_docs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          docs: [
            { _id: 'a', n: 1 },
            { _id: 'b', n: 2 },
          ],
        }),
      });
      expect(stored.status).toBe(201);
      const info = (await (await fetch(`${server.url}/smoke`)).json()) as { doc_count: number };
      expect(info.doc_count).toBe(2);
    } finally {
      await server.stop();
    }
  }, 60_000);
});

describe('v2 sync section', () => {
  it('renders the figures and the ratio, and replaces only its own section', () => {
    const s = summarize([1, 2, 3]);
    const section = renderSyncSection({
      machine: machineInfo(undefined),
      n: 10,
      load: { phone: { start: [1, 1, 1], end: [2, 2, 2] } },
      errors: [],
      phone: {
        seedMs: 100,
        sync: { client: 'chromium', records: 10, seconds: 0.005, recordsPerSecond: 2_000 },
        seal: { seal: s, sealStep: s },
        feed: { items: 10, pageSize: 200, seconds: 0.01, itemsPerSecond: 1_000, page: s },
      },
      pouch: {
        records: 10,
        pouchVersion: '9.0.0',
        serverDescription: 'test',
        writeSeconds: 0.01,
        writeRecordsPerSecond: 1_000,
        replicateSeconds: 0.01,
        replicateRecordsPerSecond: 1_000,
        serverDocCount: 10,
      },
    });
    expect(section.startsWith(SYNC_START) && section.endsWith(SYNC_END)).toBe(true);
    expect(section).toContain('**2,000 records/s**');
    expect(section).toContain('**2.00×**');
    const doc = `# B\n\nbefore\n\n${SYNC_START}\nold\n${SYNC_END}\n\nafter\n`;
    const spliced = spliceSyncSection(doc, section);
    expect(spliced).not.toContain('\nold\n');
    expect(spliced).toContain('before');
    expect(spliced).toContain('after');
    expect(spliceSyncSection('# B\n', section)).toBe(`# B\n\n${section}\n`);
  });
});
