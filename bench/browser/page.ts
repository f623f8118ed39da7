// Runs inside Chromium (bundled by bench/browser/build.ts): the app's own src/data and src/sync,
// exposed to the benchmark driver as `window.jejaringBench`. Nothing here is part of the app.
import {
  appendSyncLog,
  applyFeedPage,
  applyPushResultsV2,
  getEnrollment,
  getSyncMeta,
  listSyncLog,
  markSending,
  peekSealedOutbox,
  saveSyncMeta,
  configureVaultForTests,
  countOutbox,
  createVault,
  getDeviceKey,
  getReviews,
  getVaultStatus,
  listRecords,
  saveRecord,
  unlockVault,
} from '../../src/data';
import { RECORD_KIND_DECLARATIONS, validateRecordPayload } from '../../src/domain';
import { computeMeta, type FeedItem } from '../../src/domain/contract';
import {
  describePublicKey,
  generateKeyPair,
  importPublicJwk,
  sealRecordPayload,
  sealReviewNote,
} from '../../src/crypto/seal';
import { enrollDevice, startSync } from '../../src/sync';
import { migrantPayload } from './payloads';

/** What the driver can call (page.evaluate(() => window.jejaringBench.…)). */
export interface PageBench {
  /** Creates (or unlocks) the vault; `fastKdf` uses a small PBKDF2 count (unlock is not timed). */
  openVault(pin: string, fastKdf: boolean): Promise<void>;
  /** Saves `count` migrant records (index from `offset`), 25 at a time; returns ms. */
  seed(count: number, offset: number): Promise<number>;
  /** Times `count` saveRecord calls one after another; returns ms per save and stored bytes. */
  timeSaves(count: number, offset: number): Promise<{ samples: number[]; cipherBytes: number }>;
  /** Times `count` raw IndexedDB puts of `cipherBytes` bytes each, after `preload` rows. */
  timeRawPuts(count: number, cipherBytes: number, preload: number): Promise<number[]>;
  /**
   * Times raw IndexedDB transactions doing what saveRecord's transaction does (get + put of the
   * record, last outbox row by seq + put), with the same bytes, after `preload` records.
   */
  timeRawSaveTransactions(count: number, cipherBytes: number, preload: number): Promise<number[]>;
  /** Times AES-GCM encryption (JSON + encrypt, as saveRecord does) of a migrant payload. */
  timeEncrypt(count: number): Promise<number[]>;
  /**
   * Times listRecords: first page of the migrant list, and a search for one record's token; and,
   * as the platform's limit, the same first page read raw through the [kind+updatedMs] index
   * (50 rows, newest first) and the kind's count from the index (keys only).
   */
  timeList(token: string): Promise<{
    pageMs: number;
    searchMs: number;
    searchAgainMs: number;
    total: number;
    found: number;
    rawIndexPageMs: number;
    rawIndexCountMs: number;
  }>;
  /**
   * Enrolls the page with the server the v2 way (enrollment code, device key made here, district
   * keys in the answer; not timed), then runs the app's sync until the outbox is empty.
   */
  syncAll(serverUrl: string, code: string): Promise<{ records: number; ms: number }>;
  countOutbox(): Promise<number>;
  /** The sync log (times, counts, statuses only): when each push and feed read ended. */
  syncLog(): Promise<Record<string, unknown>[]>;
  /**
   * Diagnosis (BENCH_SYNC_PHASES=1): enrolls like syncAll, then does what the engine does per
   * 200-record batch, one step after another, timing each (ms summed over the run).
   */
  syncPhases(
    serverUrl: string,
    code: string,
  ): Promise<{ records: number; phases: Record<string, number> }>;
  /**
   * Times sealing one migrant payload, `count` times: sealRecordPayload alone (HPKE to one
   * district key), and the whole per-record step of peekSealed (schema check, meta, seal, JSON).
   */
  timeSeal(count: number): Promise<{ seal: number[]; sealStep: number[] }>;
  /**
   * Applies `count` review items (one per saved record, each with a note sealed to this device's
   * key, made before timing) through applyFeedPage in pages of `pageSize`, as the engine does.
   */
  applyFeed(
    count: number,
    pageSize: number,
  ): Promise<{ items: number; ms: number; pages: number[] }>;
}

declare global {
  interface Window {
    jejaringBench: PageBench;
  }
}

function idbRequest<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function openRawDb(): Promise<IDBDatabase> {
  const open = indexedDB.open('jejaring-bench-raw', 1);
  open.onupgradeneeded = () => {
    open.result.createObjectStore('rows', { keyPath: 'id' });
    open.result.createObjectStore('records', { keyPath: 'id' });
    open.result.createObjectStore('outbox', { keyPath: 'id' }).createIndex('seq', 'seq');
  };
  return idbRequest(open);
}

/** One transaction shaped like saveRecord's: get + put the record, read the last seq, put. */
function saveLikeTransaction(db: IDBDatabase, row: { id: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(['records', 'outbox'], 'readwrite');
    const records = tx.objectStore('records');
    const outbox = tx.objectStore('outbox');
    records.get(row.id).onsuccess = () => {
      records.put(row).onsuccess = () => {
        outbox.index('seq').openCursor(null, 'prev').onsuccess = (event) => {
          const cursor = (event.target as IDBRequest<IDBCursorWithValue | null>).result;
          const last = (cursor?.value as { seq?: number } | undefined)?.seq ?? 0;
          outbox.put({ id: row.id, rev: 1, seq: last + 1 });
        };
      };
    };
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

function putRow(db: IDBDatabase, row: object): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction('rows', 'readwrite');
    tx.objectStore('rows').put(row);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

function rawRow(id: string, cipherBytes: number): object {
  // The shape of a stored record (clear index fields + IV + ciphertext), with random bytes.
  const ciphertext = new Uint8Array(cipherBytes);
  for (let i = 0; i < cipherBytes; i += 65_536) {
    crypto.getRandomValues(ciphertext.subarray(i, Math.min(cipherBytes, i + 65_536)));
  }
  return {
    id,
    kind: 'migrant',
    schemaVersion: 1,
    rev: 1,
    createdAt: '2026-11-30T09:15:00+07:00',
    updatedAt: '2026-11-30T09:15:00+07:00',
    updatedMs: Date.now(),
    deleted: false,
    syncState: 'pending',
    box: { iv: crypto.getRandomValues(new Uint8Array(12)), ciphertext: ciphertext.buffer },
  };
}

/** The first `limit` rows of a kind, newest first, read raw from the app's database by index. */
async function rawFirstPage(
  kind: string,
  limit: number,
): Promise<{ rows: number; pageMs: number; countMs: number }> {
  const db = await idbRequest(indexedDB.open('jejaring'));
  try {
    const range = IDBKeyRange.bound([kind, -Infinity], [kind, Infinity]);
    let start = performance.now();
    const rows = await new Promise<number>((resolve, reject) => {
      const tx = db.transaction('records');
      const request = tx.objectStore('records').index('[kind+updatedMs]').openCursor(range, 'prev');
      let n = 0;
      request.onsuccess = () => {
        const cursor = request.result;
        if (cursor && n < limit) {
          n += 1;
          cursor.continue();
        } else resolve(n);
      };
      request.onerror = () => reject(request.error);
    });
    const pageMs = performance.now() - start;
    // The count through whichever index this schema version has for "live rows of a kind".
    const store = db.transaction('records').objectStore('records');
    start = performance.now();
    if (store.indexNames.contains('[kind+live+updatedMs+rev]')) {
      await idbRequest(
        store
          .index('[kind+live+updatedMs+rev]')
          .count(IDBKeyRange.bound([kind, 1, -Infinity], [kind, 1, Infinity, Infinity])),
      );
    } else if (store.indexNames.contains('kind')) {
      await idbRequest(store.index('kind').count(kind));
    } else {
      await idbRequest(store.index('[kind+updatedMs]').count(range));
    }
    return { rows, pageMs, countMs: performance.now() - start };
  } finally {
    db.close();
  }
}

/** Ids and revs of the records seed() saved (the feed bench answers them). */
const savedIds: { id: string; rev: number }[] = [];

const bench: PageBench = {
  async openVault(pin, fastKdf) {
    if (fastKdf) configureVaultForTests({ iterations: 1_000 });
    const status = await getVaultStatus();
    if (status === 'uninitialised') await createVault(pin);
    else if (status === 'locked') await unlockVault(pin);
  },

  async seed(count, offset) {
    const start = performance.now();
    for (let i = 0; i < count; i += 25) {
      const batch = Array.from({ length: Math.min(25, count - i) }, (_, j) =>
        saveRecord({ kind: 'migrant', payload: migrantPayload(offset + i + j) }),
      );
      for (const saved of await Promise.all(batch)) savedIds.push({ id: saved.id, rev: saved.rev });
    }
    return performance.now() - start;
  },

  async timeSaves(count, offset) {
    const samples: number[] = [];
    for (let i = 0; i < count; i++) {
      const payload = migrantPayload(offset + i);
      const start = performance.now();
      await saveRecord({ kind: 'migrant', payload });
      samples.push(performance.now() - start);
    }
    // AES-GCM adds a 16-byte tag to the UTF-8 JSON.
    const cipherBytes =
      new TextEncoder().encode(JSON.stringify(migrantPayload(offset))).length + 16;
    return { samples, cipherBytes };
  },

  async timeRawPuts(count, cipherBytes, preload) {
    const db = await openRawDb();
    try {
      const existing = await idbRequest(db.transaction('rows').objectStore('rows').count());
      for (let i = existing; i < preload; i += 500) {
        await new Promise<void>((resolve, reject) => {
          const tx = db.transaction('rows', 'readwrite');
          const store = tx.objectStore('rows');
          for (let j = i; j < Math.min(preload, i + 500); j++)
            store.put(rawRow(`pre-${j}`, cipherBytes));
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
      }
      const samples: number[] = [];
      for (let i = 0; i < count; i++) {
        const row = rawRow(crypto.randomUUID(), cipherBytes);
        const start = performance.now();
        await putRow(db, row);
        samples.push(performance.now() - start);
      }
      return samples;
    } finally {
      db.close();
    }
  },

  async timeRawSaveTransactions(count, cipherBytes, preload) {
    const db = await openRawDb();
    try {
      const existing = await idbRequest(db.transaction('records').objectStore('records').count());
      for (let i = existing; i < preload; i += 500) {
        await new Promise<void>((resolve, reject) => {
          const tx = db.transaction(['records', 'outbox'], 'readwrite');
          for (let j = i; j < Math.min(preload, i + 500); j++) {
            tx.objectStore('records').put(rawRow(`pre-${j}`, cipherBytes));
            tx.objectStore('outbox').put({ id: `pre-${j}`, rev: 1, seq: j + 1 });
          }
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
      }
      const samples: number[] = [];
      for (let i = 0; i < count; i++) {
        const row = rawRow(crypto.randomUUID(), cipherBytes) as { id: string };
        const start = performance.now();
        await saveLikeTransaction(db, row);
        samples.push(performance.now() - start);
      }
      return samples;
    } finally {
      db.close();
    }
  },

  async timeEncrypt(count) {
    const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
      'encrypt',
    ]);
    const samples: number[] = [];
    for (let i = 0; i < count; i++) {
      const payload = migrantPayload(i);
      const start = performance.now();
      const iv = crypto.getRandomValues(new Uint8Array(12));
      await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv },
        key,
        new TextEncoder().encode(JSON.stringify(payload)),
      );
      samples.push(performance.now() - start);
    }
    return samples;
  },

  async timeList(token) {
    const declaration = RECORD_KIND_DECLARATIONS.migrant;
    const searchText = (r: { payload: Record<string, unknown> }) =>
      declaration.searchText(r.payload as never);
    let start = performance.now();
    const page = await listRecords({ kind: 'migrant', offset: 0, limit: 50, searchText });
    const pageMs = performance.now() - start;
    start = performance.now();
    const found = await listRecords({
      kind: 'migrant',
      search: token,
      offset: 0,
      limit: 50,
      searchText,
    });
    const searchMs = performance.now() - start;
    start = performance.now();
    await listRecords({ kind: 'migrant', search: token, offset: 0, limit: 50, searchText });
    const searchAgainMs = performance.now() - start;
    const raw = await rawFirstPage('migrant', 50);
    if (raw.rows !== Math.min(50, page.total)) throw new Error('raw index page has the wrong size');
    return {
      pageMs,
      searchMs,
      searchAgainMs,
      total: page.total,
      found: found.total,
      rawIndexPageMs: raw.pageMs,
      rawIndexCountMs: raw.countMs,
    };
  },

  async syncAll(serverUrl, code) {
    const enrolled = await enrollDevice({ serverUrl, code, label: 'bench chromium' });
    if (enrolled.district.keys.length === 0) throw new Error('enrollment answered no district key');
    const records = await countOutbox();
    const start = performance.now();
    const controller = startSync();
    try {
      // The engine's status says when a run ended; the outbox count is the proof. Polling every
      // 20 ms adds at most 20 ms to a run of several seconds.
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        const status = controller.getStatus();
        if (status.phase === 'idle' && status.pending === 0 && (await countOutbox()) === 0) break;
        if (status.phase === 'needs_enrollment' || status.phase === 'not_enrolled') {
          throw new Error(`sync stopped: ${status.phase}`);
        }
        if (performance.now() - start > 600_000) throw new Error('sync did not finish in 10 min');
      }
    } finally {
      controller.stop();
    }
    return { records, ms: performance.now() - start };
  },

  countOutbox: () => countOutbox(),
  syncLog: () => listSyncLog(),

  async syncPhases(serverUrl, code) {
    await enrollDevice({ serverUrl, code, label: 'bench chromium phases' });
    const enrollment = await getEnrollment();
    if (!enrollment) throw new Error('not enrolled');
    const phases: Record<string, number> = {};
    const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
      const start = performance.now();
      try {
        return await fn();
      } finally {
        phases[name] = (phases[name] ?? 0) + performance.now() - start;
      }
    };
    let records = 0;
    const start = performance.now();
    for (;;) {
      await timed('meta + credentials', async () => {
        await getSyncMeta();
        await getEnrollment();
      });
      const peeked = await timed('peek (read, seal new, store sealed)', () =>
        peekSealedOutbox({ maxRecords: 200, maxBytes: 1024 * 1024 }),
      );
      await timed('count outbox (refreshPending)', () => countOutbox());
      if (peeked.records.length === 0) break;
      const refs = peeked.records.map(({ id, rev }) => ({ id, rev }));
      await timed('markSending', () => markSending(refs));
      const answer = await timed('push request (body, server, answer)', async () => {
        const response = await fetch(`${serverUrl}/api/v2/sync/push`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${enrollment.token}`,
          },
          body: `{"records":[${peeked.records.map((r) => r.json).join(',')}]}`,
        });
        return (await response.json()) as { results: Parameters<typeof applyPushResultsV2>[0] };
      });
      await timed('apply results', () => applyPushResultsV2(answer.results));
      await timed('lastSyncAt + log entry', async () => {
        await saveSyncMeta({ ...(await getSyncMeta()), lastSyncAt: new Date().toISOString() });
        await appendSyncLog({ event: 'push', records: refs.length });
      });
      records += refs.length;
    }
    phases.total = performance.now() - start;
    return { records, phases };
  },

  async timeSeal(count) {
    const pair = await generateKeyPair(false);
    const { kid } = await describePublicKey(pair.publicKey);
    const recipients = [{ kid, publicKey: pair.publicKey }];
    const declaration = RECORD_KIND_DECLARATIONS.migrant;
    const seal: number[] = [];
    const sealStep: number[] = [];
    for (let i = 0; i < count; i++) {
      const payload = migrantPayload(i);
      const header = {
        id: crypto.randomUUID(),
        rev: 1,
        kind: 'migrant' as const,
        schemaVersion: declaration.schemaVersion,
        deleted: false,
      };
      let start = performance.now();
      await sealRecordPayload(header, payload, recipients);
      seal.push(performance.now() - start);
      start = performance.now();
      const checked = validateRecordPayload('migrant', header.schemaVersion, payload);
      if (!checked.ok) throw new Error('the example payload does not validate');
      const envelope = {
        ...header,
        createdAt: '2026-11-30T09:15:00+07:00',
        updatedAt: '2026-11-30T09:15:00+07:00',
        meta: computeMeta('migrant', checked.payload) ?? {},
        sealed: await sealRecordPayload(header, checked.payload, recipients),
      };
      JSON.stringify(envelope);
      sealStep.push(performance.now() - start);
    }
    return { seal, sealStep };
  },

  async applyFeed(count, pageSize) {
    const pair = await getDeviceKey();
    if (!pair) throw new Error('not enrolled: no device key');
    const publicKey = await importPublicJwk(pair.publicJwk as never);
    const { kid } = await describePublicKey(publicKey);
    const targets = savedIds.slice(0, count);
    if (targets.length < count) throw new Error(`only ${targets.length} saved records to answer`);
    // Made before timing: in the field the console seals the notes, the phone only applies them.
    const at = '2026-12-02T10:00:00Z';
    const items: FeedItem[] = [];
    for (let i = 0; i < targets.length; i += 50) {
      const chunk = targets.slice(i, i + 50);
      const made = await Promise.all(
        chunk.map(async ({ id, rev }, j) => {
          const state = 'in_follow_up' as const;
          const note = await sealReviewNote(
            { recordId: id, rev, state, at },
            'Sudah dihubungi petugas layanan; tindak lanjut minggu depan.',
            [{ kid, publicKey }],
          );
          return { seq: i + j + 1, type: 'review', recordId: id, rev, state, at, note } as const;
        }),
      );
      items.push(...made);
    }
    const pages: number[] = [];
    const start = performance.now();
    for (let i = 0; i < items.length; i += pageSize) {
      const pageStart = performance.now();
      const page = items.slice(i, i + pageSize);
      await applyFeedPage(page, `bench-${i + page.length}`);
      pages.push(performance.now() - pageStart);
    }
    const ms = performance.now() - start;
    const check = await getReviews(targets.slice(-10).map((t) => t.id));
    if (check.size !== Math.min(10, targets.length)) throw new Error('reviews were not applied');
    return { items: items.length, ms, pages };
  },
};

window.jejaringBench = bench;
document.body.dataset.ready = 'true';
