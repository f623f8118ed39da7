import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  applyPushResults,
  countOutbox,
  countUnsyncedRecords,
  deleteRecord,
  getRecord,
  listRecords,
  lockVault,
  markSending,
  onOutboxChange,
  peekOutbox,
  releaseSending,
  saveRecord,
  unlockVault,
  type PushResult,
  type RecordEnvelope,
  type StoredRecord,
} from '../../src/data';
import { closeDb, getDb } from '../../src/data/db';
import { freshUnlocked, PIN } from './helpers';

const BIG = { maxRecords: 200, maxBytes: 1024 * 1024 };
const bytes = (e: RecordEnvelope) => new TextEncoder().encode(JSON.stringify(e)).byteLength;

describe('outbox', () => {
  beforeEach(freshUnlocked);
  afterEach(() => vi.restoreAllMocks());

  it('peeks oldest first within maxRecords and maxBytes, marking nothing', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await saveRecord({ kind: 'migrant', payload: { i, pad: 'x'.repeat(100) } })).id);
    }
    // Re-saving moves a record to the back of the queue (it is the newest change).
    await saveRecord({ id: ids[0], kind: 'migrant', payload: { i: 0, pad: 'y'.repeat(100) } });
    const all = await peekOutbox(BIG);
    expect(all.map((e) => e.id)).toEqual([ids[1], ids[2], ids[3], ids[4], ids[0]]);
    expect((await peekOutbox({ maxRecords: 2, maxBytes: 1e6 })).map((e) => e.id)).toEqual([
      ids[1],
      ids[2],
    ]);
    const one = bytes(all[0]!);
    const byBytes = await peekOutbox({ maxRecords: 10, maxBytes: one * 3 + 1 });
    expect(byBytes).toHaveLength(3);
    expect(byBytes.reduce((n, e) => n + bytes(e), 0)).toBeLessThanOrEqual(one * 3 + 1);
    expect(await countOutbox()).toBe(5);
    expect((await getRecord(ids[1]!))?.syncState).toBe('pending');
  });

  it('returns a record larger than maxBytes alone so it cannot block the queue', async () => {
    const big = await saveRecord({ kind: 'migrant', payload: { note: 'z'.repeat(5000) } });
    await saveRecord({ kind: 'migrant', payload: { note: 'small' } });
    const batch = await peekOutbox({ maxRecords: 10, maxBytes: 1000 });
    expect(batch.map((e) => e.id)).toEqual([big.id]);
  });

  it('peeks complete envelopes of the contract', async () => {
    const r = await saveRecord({ kind: 'screening', payload: { a: 1 }, schemaVersion: 2 });
    const [env] = await peekOutbox(BIG);
    expect(env).toEqual({
      id: r.id,
      kind: 'screening',
      schemaVersion: 2,
      rev: 1,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      deleted: false,
      payload: { a: 1 },
    });
  });

  it('applies stored, duplicate, stale and rejected results', async () => {
    const recs = await Promise.all(
      [0, 1, 2, 3].map((i) => saveRecord({ kind: 'migrant', payload: { i } })),
    );
    await markSending(recs.map((r) => ({ id: r.id, rev: r.rev })));
    expect((await getRecord(recs[0]!.id))?.syncState).toBe('sending');
    const error = {
      code: 'invalid',
      message: 'name is required',
      issues: [{ path: 'name', message: 'required' }],
    };
    await applyPushResults([
      { id: recs[0]!.id, rev: 1, status: 'stored' },
      { id: recs[1]!.id, rev: 1, status: 'duplicate' },
      { id: recs[2]!.id, rev: 1, status: 'stale' },
      { id: recs[3]!.id, rev: 1, status: 'rejected', error },
    ]);
    // Lock and unlock: the session cache is gone, everything below is decrypted from storage.
    lockVault();
    await unlockVault(PIN);
    for (const r of recs.slice(0, 3)) {
      expect(await getRecord(r.id)).toMatchObject({
        syncState: 'synced',
        payload: { i: r.payload.i },
      });
    }
    const rejected = await getRecord(recs[3]!.id);
    expect(rejected?.syncState).toBe('rejected');
    expect(rejected?.syncError).toEqual(error);
    expect(await countOutbox()).toBe(0);
    expect(await countUnsyncedRecords()).toBe(1);

    // The user fixes it: a new rev is queued and the old reason goes once the server accepts.
    const fixed = await saveRecord({
      id: recs[3]!.id,
      kind: 'migrant',
      payload: { i: 3, name: 'ok' },
    });
    expect(fixed.syncState).toBe('pending');
    expect((await peekOutbox(BIG)).map((e) => [e.id, e.rev])).toEqual([[fixed.id, 2]]);
    await applyPushResults([{ id: fixed.id, rev: 2, status: 'stored' }]);
    const done = await getRecord(fixed.id);
    expect(done?.syncState).toBe('synced');
    expect(done?.syncError).toBeUndefined();
    expect(await countUnsyncedRecords()).toBe(0);
  });

  it('keeps a record edited while its older rev was in flight queued and pending', async () => {
    const r = await saveRecord({ kind: 'migrant', payload: { v: 1 } });
    const batch = await peekOutbox(BIG);
    await markSending(batch.map((e) => ({ id: e.id, rev: e.rev })));
    const edited = await saveRecord({ id: r.id, kind: 'migrant', payload: { v: 2 } });
    expect(edited.syncState).toBe('pending');
    await markSending([{ id: r.id, rev: 1 }]); // a late mark of the old rev changes nothing
    await applyPushResults([{ id: r.id, rev: 1, status: 'stored' }]);
    expect((await getRecord(r.id))?.syncState).toBe('pending');
    expect((await peekOutbox(BIG)).map((e) => [e.id, e.rev, e.payload])).toEqual([
      [r.id, 2, { v: 2 }],
    ]);
    await applyPushResults([
      { id: r.id, rev: 1, status: 'rejected', error: { code: 'conflict', message: '' } },
    ]);
    expect((await getRecord(r.id))?.syncState).toBe('pending');
    await applyPushResults([{ id: r.id, rev: 2, status: 'stored' }]);
    expect((await getRecord(r.id))?.syncState).toBe('synced');
    // Results arriving again (at-least-once delivery) are harmless.
    await applyPushResults([
      { id: r.id, rev: 2, status: 'rejected', error: { code: 'x', message: '' } },
    ]);
    expect((await getRecord(r.id))?.syncState).toBe('synced');
  });

  it('releases records that got no answer back to pending, keeping them queued', async () => {
    const a = await saveRecord({ kind: 'migrant', payload: { v: 'a' } });
    const b = await saveRecord({ kind: 'migrant', payload: { v: 'b' } });
    await markSending([
      { id: a.id, rev: 1 },
      { id: b.id, rev: 1 },
    ]);
    // A failed request releases only its own (id, rev); a stale rev changes nothing.
    await releaseSending([
      { id: a.id, rev: 1 },
      { id: b.id, rev: 7 },
    ]);
    expect((await getRecord(a.id))?.syncState).toBe('pending');
    expect((await getRecord(b.id))?.syncState).toBe('sending');
    // At engine start every record left `sending` by a closed page is released.
    await releaseSending();
    expect((await getRecord(b.id))?.syncState).toBe('pending');
    expect(await countOutbox()).toBe(2);
    // Synced records are never touched.
    await applyPushResults([{ id: a.id, rev: 1, status: 'stored' }]);
    await releaseSending();
    expect((await getRecord(a.id))?.syncState).toBe('synced');
  });

  it('keeps in-flight marks in memory: the row stays pending on disk, a reload forgets them', async () => {
    const a = await saveRecord({ kind: 'migrant', payload: { v: 'a' } });
    const onDisk = async () => {
      const db = await getDb();
      return [await db.records.get(a.id), await db.outbox.get(a.id)];
    };
    const before = await onDisk();
    await markSending([{ id: a.id, rev: 1 }]);
    expect((await getRecord(a.id))?.syncState).toBe('sending');
    expect((await listRecords({ syncState: 'sending' })).items.map((r) => r.id)).toEqual([a.id]);
    expect((await listRecords({ syncState: 'pending' })).total).toBe(0);
    // Nothing was written (record nor outbox row): a page that closes mid-push leaves it pending.
    expect(await onDisk()).toEqual(before);
    closeDb();
    expect((await getRecord(a.id))?.syncState).toBe('pending');
    expect(await countUnsyncedRecords()).toBe(1);
  });

  it('announces outbox changes after save, delete, push results', async () => {
    let calls = 0;
    const off = onOutboxChange(() => calls++);
    const r = await saveRecord({ kind: 'migrant', payload: {} });
    expect(calls).toBe(1);
    await deleteRecord(r.id);
    expect(calls).toBe(2);
    await applyPushResults([{ id: r.id, rev: 2, status: 'stored' }]);
    expect(calls).toBe(3);
    await applyPushResults([{ id: r.id, rev: 2, status: 'stored' }]); // nothing changed
    expect(calls).toBe(3);
    off();
    await saveRecord({ kind: 'migrant', payload: {} });
    expect(calls).toBe(3);
  });

  it('relays outbox changes to and from other tabs over BroadcastChannel', async () => {
    const otherTab = new BroadcastChannel('jejaring-data');
    const received: unknown[] = [];
    otherTab.onmessage = (e: MessageEvent) => received.push(e.data);
    let calls = 0;
    const off = onOutboxChange(() => calls++);
    await saveRecord({ kind: 'migrant', payload: {} });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toContainEqual({ topic: 'outbox' });
    expect(calls).toBe(1);
    otherTab.postMessage({ topic: 'outbox' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toBe(2);
    off();
    otherTab.close();
  });

  it("puts a save behind another tab's queued records once that tab's notice arrives", async () => {
    const mine = await saveRecord({ kind: 'migrant', payload: { tab: 'this' } });
    // Another tab of the app saved a record: its queue position came from its own counter.
    const db = await getDb();
    const theirs = await saveRecord({ kind: 'migrant', payload: { tab: 'other' } });
    await db.outbox.put({ id: theirs.id, rev: theirs.rev, seq: 1000 });
    const otherTab = new BroadcastChannel('jejaring-data');
    otherTab.postMessage({ topic: 'outbox' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    otherTab.close();
    const next = await saveRecord({ id: mine.id, kind: 'migrant', payload: { tab: 'this', v: 2 } });
    expect((await peekOutbox(BIG)).map((e) => [e.id, e.rev])).toEqual([
      [theirs.id, 1],
      [next.id, 2],
    ]);
    expect((await db.outbox.get(next.id))?.seq).toBe(1001);
  });

  it('marks and acknowledges a batch with bulk requests in one transaction', async () => {
    const recs: StoredRecord[] = [];
    for (let i = 0; i < 6; i++) recs.push(await saveRecord({ kind: 'migrant', payload: { i } }));
    const db = await getDb();
    const single = [
      vi.spyOn(db.records, 'get'),
      vi.spyOn(db.records, 'put'),
      vi.spyOn(db.outbox, 'get'),
      vi.spyOn(db.outbox, 'delete'),
    ];
    const bulk = [
      vi.spyOn(db.records, 'bulkGet'),
      vi.spyOn(db.records, 'bulkPut'),
      vi.spyOn(db.outbox, 'bulkGet'),
      vi.spyOn(db.outbox, 'bulkDelete'),
    ];
    await markSending(recs.map((r) => ({ id: r.id, rev: r.rev })));
    // recs[5] was edited while in flight: its ack is for a rev that is no longer queued.
    await saveRecord({ id: recs[5]!.id, kind: 'migrant', payload: { i: 5, edited: true } });
    await applyPushResults([
      ...recs.map((r) => ({ id: r.id, rev: r.rev, status: 'stored' as const })),
      // The same ack twice in one answer counts once.
      { id: recs[0]!.id, rev: 1, status: 'duplicate' },
    ]);
    expect(single.map((spy) => spy.mock.calls.length)).toEqual([1, 1, 0, 0]); // the edit only
    // markSending reads only the outbox rows (its marks are kept in memory); applyPushResults
    // reads the outbox rows and deletes the acked ones: no record row is read or rewritten
    // (schema v4: the sync state is the outbox row).
    expect(bulk.map((spy) => spy.mock.calls.length)).toEqual([0, 0, 2, 1]);
    expect(await countOutbox()).toBe(1);
    expect((await getRecord(recs[5]!.id))?.syncState).toBe('pending');
    expect((await getRecord(recs[0]!.id))?.syncState).toBe('synced');
  });
});

type Command =
  | { t: 'save'; i: number }
  | { t: 'delete'; i: number }
  | { t: 'peek'; max: number }
  | { t: 'answer'; statuses: (PushResult['status'] | 'lost')[] }
  | { t: 'replay' }
  | { t: 'relock' };

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ t: fc.constant('save' as const), i: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ t: fc.constant('delete' as const), i: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ t: fc.constant('peek' as const), max: fc.integer({ min: 1, max: 4 }) }),
  fc.record({
    t: fc.constant('answer' as const),
    statuses: fc.array(
      fc.constantFrom('stored', 'duplicate', 'stale', 'rejected', 'lost' as const),
      {
        minLength: 4,
        maxLength: 4,
      },
    ),
  }),
  fc.record({ t: fc.constant('replay' as const) }),
  fc.record({ t: fc.constant('relock' as const) }),
);

describe('outbox property', () => {
  it('never loses the latest rev; a record is synced iff its latest rev was acknowledged', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(commandArb, { minLength: 1, maxLength: 25 }), async (commands) => {
        await freshUnlocked();
        const ids: (string | undefined)[] = [undefined, undefined, undefined, undefined];
        const latest = new Map<string, number>();
        // Outcome of the latest rev: undefined while it waits for an answer.
        const outcome = new Map<string, 'synced' | 'rejected' | undefined>();
        let inFlight: RecordEnvelope[] = [];
        let lastAnswer: PushResult[] = [];

        for (const c of commands) {
          if (c.t === 'save') {
            const n = (latest.get(ids[c.i] ?? '') ?? 0) + 1;
            const r = await saveRecord({ kind: 'migrant', payload: { n }, id: ids[c.i] });
            ids[c.i] = r.id;
            expect(r.rev).toBe((latest.get(r.id) ?? 0) + 1);
            latest.set(r.id, r.rev);
            outcome.set(r.id, undefined);
          } else if (c.t === 'delete') {
            const id = ids[c.i];
            if (!id) continue;
            const r = await deleteRecord(id);
            latest.set(id, r.rev);
            outcome.set(id, undefined);
          } else if (c.t === 'peek') {
            inFlight = await peekOutbox({ maxRecords: c.max, maxBytes: 1e6 });
            for (const e of inFlight) expect(e.rev).toBe(latest.get(e.id));
            await markSending(inFlight.map((e) => ({ id: e.id, rev: e.rev })));
          } else if (c.t === 'answer') {
            const results: PushResult[] = [];
            inFlight.forEach((e, k) => {
              const status = c.statuses[k % c.statuses.length]!;
              if (status === 'lost') return; // the response never arrived: retried later
              results.push(
                status === 'rejected'
                  ? { id: e.id, rev: e.rev, status, error: { code: 'invalid', message: 'bad' } }
                  : { id: e.id, rev: e.rev, status },
              );
            });
            await applyPushResults(results);
            for (const r of results) {
              if (latest.get(r.id) === r.rev && outcome.get(r.id) === undefined) {
                outcome.set(r.id, r.status === 'rejected' ? 'rejected' : 'synced');
              }
            }
            lastAnswer = results;
            inFlight = [];
          } else if (c.t === 'replay') {
            // The same answer delivered again must change nothing.
            await applyPushResults(lastAnswer);
          } else {
            // Drops the session cache: later reads decrypt what is stored.
            lockVault();
            await unlockVault(PIN);
          }

          // Invariants after every step.
          const queued = await peekOutbox(BIG);
          const queuedRev = new Map(queued.map((e) => [e.id, e.rev]));
          for (const [id, rev] of latest) {
            const rec = await getRecord(id);
            expect(rec?.rev).toBe(rev);
            expect(rec?.payload).toEqual(rec?.deleted ? {} : { n: rev });
            const result = outcome.get(id);
            if (result === undefined) {
              expect(queuedRev.get(id)).toBe(rev);
              expect(['pending', 'sending']).toContain(rec?.syncState);
            } else {
              expect(queuedRev.has(id)).toBe(false);
              expect(rec?.syncState).toBe(result);
            }
          }
          expect(queued.length).toBe([...outcome.values()].filter((o) => o === undefined).length);
        }
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});
