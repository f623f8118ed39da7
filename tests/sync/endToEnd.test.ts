// Deterministic end-to-end cases over the real src/data and the real server: the record states a
// volunteer sees (rejected with the server's reason, fixed and resent; too large; edited while
// its previous rev is in flight).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countOutbox, getRecord, saveRecord } from '../../src/data';
import { MAX_PUSH_BYTES } from '../../src/domain/envelope';
import { createDataPorts } from '../../src/sync/dataPorts';
import { createSyncEngine, type SyncEngine } from '../../src/sync/engine';
import { enrollDevice } from '../../src/sync/index';
import { startFaultServer, httpBackend, type FaultServer } from './faultServer';
import { saveValidRecord, unlockPhone, validRecord } from './phone';
import { startRealServer, type RealServer } from './realServer';

describe('end to end with the real server', () => {
  let server: RealServer;
  let proxy: FaultServer;
  let engine: SyncEngine;

  beforeAll(async () => {
    server = await startRealServer();
    proxy = await startFaultServer(httpBackend(server.url));
    await unlockPhone();
    await enrollDevice({ serverUrl: proxy.url, code: await server.enrollmentCode(), label: 'HP' });
    // Registered after enrollment: the phone learns it through the feed.
    await server.addDistrictKey();
    engine = createSyncEngine({
      ...createDataPorts(),
      fetch: (input, init) => globalThis.fetch(input, init),
      now: () => Date.now(),
      random: () => 0,
      sleep: async () => undefined,
    });
  });

  afterAll(async () => {
    engine?.stop();
    await proxy?.close();
    await server?.close();
  });

  async function sync(): Promise<void> {
    engine.requestSync('test');
    await engine.whenIdle();
  }

  it('a record the server rejects stays on the phone with the reason, and is resent once fixed', async () => {
    const good = await saveValidRecord(0);
    const { kind, schemaVersion } = validRecord(0);
    const bad = await saveRecord({ kind, schemaVersion, payload: { unexpected: true } });
    await sync();
    expect((await getRecord(good))?.syncState).toBe('synced');
    const rejected = await getRecord(bad.id);
    expect(rejected?.syncState).toBe('rejected');
    expect(rejected?.syncError?.code).toBe('invalid');
    expect(await countOutbox()).toBe(0);
    expect(server.current([bad.id]).size).toBe(0);

    // The volunteer fixes the record: a new rev, sent and accepted.
    await saveValidRecord(0, bad.id);
    await sync();
    const fixed = await getRecord(bad.id);
    expect(fixed).toMatchObject({ syncState: 'synced', rev: 2 });
    expect(fixed?.syncError).toBeUndefined();
    expect(server.current([bad.id]).get(bad.id)?.rev).toBe(2);
  });

  it('a record over 1 MiB is refused on the phone (never sealed) without blocking the others', async () => {
    // The form's length limits refuse it before sealing; the engine's own 1 MiB guard
    // (too_large) is covered with the fake outbox in engine.test.ts.
    const { kind, schemaVersion, payload } = validRecord(1);
    const huge = await saveRecord({
      kind,
      schemaVersion,
      payload: { ...payload, notes: 'x'.repeat(MAX_PUSH_BYTES) },
    });
    const after = await saveValidRecord(2);
    await sync();
    const stored = await getRecord(huge.id);
    expect(stored?.syncState).toBe('rejected');
    expect(stored?.syncError?.code).toBe('invalid');
    expect(server.current([huge.id]).size).toBe(0);
    expect((await getRecord(after))?.syncState).toBe('synced');
    expect(await countOutbox()).toBe(0);
  });

  it('an edit while the previous rev is in flight is not marked synced by the old answer', async () => {
    const id = await saveValidRecord(3);
    let stateWhileInFlight: string | undefined;
    proxy.setSchedule([], {
      onPush: async (index) => {
        if (index !== 0) return;
        stateWhileInFlight = (await getRecord(id))?.syncState;
        await saveValidRecord(3, id);
      },
    });
    await sync();
    expect(stateWhileInFlight).toBe('sending');
    const answers = proxy.observed.filter((r) => r.id === id).map((r) => [r.rev, r.status]);
    expect(answers).toEqual([
      [1, 'stored'],
      [2, 'stored'],
    ]);
    expect(await getRecord(id)).toMatchObject({ rev: 2, syncState: 'synced' });
    expect(
      server
        .revisions([id])
        .map((r) => r.rev)
        .sort(),
    ).toEqual([1, 2]);
    expect(server.current([id]).get(id)?.rev).toBe(2);
  });
});
