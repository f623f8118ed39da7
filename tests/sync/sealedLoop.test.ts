// Contract v2 end to end in Node: the real engine and src/data against the real server. Records
// wait for a district key and are sealed once it arrives through the feed; a coordinator's answer
// (with a note sealed to the device key) reaches the phone; key rotation re-seals; a phone whose
// version is older than the server's (restored, reinstalled) renumbers above currentRev.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getDistrict,
  getEnrollment,
  getRecord,
  getReview,
  listNotices,
  getDirectory,
  openReviewNote,
  saveRecord,
} from '../../src/data';
import { retireDistrictKey } from '../../src/server/districtKeys';
import { addNotice, addReview, setDirectory } from '../../src/server/feed/answers';
import { createDataPorts } from '../../src/sync/dataPorts';
import { createSyncEngine, type SyncEngine } from '../../src/sync/engine';
import { enrollDevice } from '../../src/sync/index';
import { openStored, sealedEnvelope } from '../server/coordinator';
import { saveValidRecord, unlockPhone, validRecord } from './phone';
import { startRealServer, type RealServer } from './realServer';

describe('sealed loop: phone ⇄ server (contract v2)', () => {
  let server: RealServer;
  let engine: SyncEngine;

  beforeAll(async () => {
    server = await startRealServer();
    await unlockPhone();
    // No district key yet: enrollment answers an empty key list.
    const enrolled = await enrollDevice({
      serverUrl: server.url,
      code: await server.enrollmentCode(),
      label: 'HP',
    });
    expect(enrolled.district.keys).toEqual([]);
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
    await server?.close();
  });

  async function sync(): Promise<void> {
    engine.requestSync('test');
    await engine.whenIdle();
  }

  const opened = (
    holder: Awaited<ReturnType<RealServer['addDistrictKey']>>,
    id: string,
    rev: number,
  ) => server.withDb((db) => openStored({ opened: { db } as never }, holder, id, rev));

  it('records wait for the coordinator key, then are sealed to it and stored', async () => {
    const id = await saveValidRecord(4);
    await sync();
    expect(engine.getStatus()).toMatchObject({ phase: 'idle', waitingForKey: 1, pending: 1 });
    expect(server.current([id]).size).toBe(0);

    const key = await server.addDistrictKey();
    await sync();
    expect(engine.getStatus()).toMatchObject({ phase: 'idle', waitingForKey: 0, pending: 0 });
    expect((await getDistrict()).keys.map((k) => k.kid)).toEqual([key.kid]);
    expect((await getRecord(id))?.syncState).toBe('synced');
    const phone = await getRecord(id);
    expect(await opened(key, id, 1)).toEqual(phone?.payload);
  });

  it('a review with a note, the directory and a notice reach the phone; the note opens with the device key', async () => {
    const id = await saveValidRecord(3);
    await sync();
    await server.withDb(async (db) => {
      await addReview(db, {
        recordId: id,
        state: 'needs_correction',
        note: 'Umur anak belum diisi',
      });
      await setDirectory(db, [
        {
          id: '0192f1a6-7a3b-7c00-8000-0000000000aa',
          category: 'uptd_ppa',
          name: 'UPTD PPA Kabupaten',
          phone: '0281123456',
        },
      ]);
      await addNotice(db, 'Rapat kader hari Senin');
    });
    await sync();
    expect(await getReview(id)).toMatchObject({ state: 'needs_correction', rev: 1, unread: true });
    expect(await openReviewNote(id)).toBe('Umur anak belum diisi');
    expect((await getDirectory<{ name: string }>()).map((c) => c.name)).toEqual([
      'UPTD PPA Kabupaten',
    ]);
    expect((await listNotices()).map((n) => n.text)).toEqual(['Rapat kader hari Senin']);
    // Read again from an older cursor: nothing is applied twice.
    await sync();
    expect(await listNotices()).toHaveLength(1);
  });

  it('after a key rotation the next records are sealed to the new key only', async () => {
    const [old] = (await getDistrict()).keys;
    const fresh = await server.addDistrictKey();
    await server.withDb((db) => retireDistrictKey(db, old!.kid));
    const id = await saveValidRecord(2);
    await sync();
    expect((await getRecord(id))?.syncState).toBe('synced');
    expect((await getDistrict()).keys.map((k) => k.kid)).toEqual([fresh.kid]);
    expect(await opened(fresh, id, 1)).toEqual((await getRecord(id))?.payload);
  });

  it('a record sealed to a key retired meanwhile is sealed again (unknown_key) and stored', async () => {
    const [current] = (await getDistrict()).keys;
    const id = await saveValidRecord(1);
    // Sealed now (kept until answered), to the key that is about to be retired.
    const { peekSealedOutbox } = await import('../../src/data');
    const before = await peekSealedOutbox({ maxRecords: 10, maxBytes: 1 << 20 });
    expect(before.records.some((r) => r.id === id)).toBe(true);
    const next = await server.addDistrictKey();
    await server.withDb((db) => retireDistrictKey(db, current!.kid));
    await sync();
    expect((await getRecord(id))?.syncState).toBe('synced');
    expect(await opened(next, id, 1)).toEqual((await getRecord(id))?.payload);
  });

  it('a phone older than the server (restored from a backup) renumbers above currentRev', async () => {
    const [key] = (await getDistrict()).keys;
    const id = await saveValidRecord(0);
    await sync();
    // Meanwhile the server got rev 3 of this record from this device (before the phone was
    // restored from a backup that only had rev 1).
    const enrollment = await getEnrollment();
    const { kind, schemaVersion, payload } = validRecord(0);
    const recipients = [
      {
        kid: key!.kid,
        publicKey: await crypto.subtle.importKey(
          'jwk',
          key!.publicKey,
          { name: 'ECDH', namedCurve: 'P-256' },
          true,
          [],
        ),
      },
    ];
    const ahead = await sealedEnvelope(recipients, { kind, id, rev: 3, payload });
    const pushed = await fetch(`${server.url}/api/v2/sync/push`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${enrollment!.token}`,
      },
      body: JSON.stringify({ records: [ahead] }),
    });
    expect(pushed.status).toBe(200);
    expect(schemaVersion).toBe(ahead.schemaVersion);

    // The volunteer edits the restored record (rev 2 on the phone): stale, currentRev 3.
    const edited = await saveRecord({ kind, schemaVersion, id, payload: { ...payload } });
    expect(edited.rev).toBe(2);
    await sync();
    const phone = await getRecord(id);
    expect(phone).toMatchObject({ rev: 4, syncState: 'synced' });
    // rev 2 was kept in history as stale; the phone's latest version is current, above rev 3.
    expect(server.current([id]).get(id)?.rev).toBe(4);
    expect(
      server
        .revisions([id])
        .map((r) => r.rev)
        .sort(),
    ).toEqual([1, 2, 3, 4]);
  });
});
