// Sealing on the phone (contract v2): once per (id, rev), kept until answered, opened only by a
// district key; renumbering above the server's currentRev; feed pages applied once with their cursor.
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  applyFeedPage,
  applyPushResultsV2,
  countOutbox,
  createDeviceKeyPair,
  deleteRecord,
  getDirectory,
  getDistrict,
  getFeedCursor,
  getRecord,
  getReview,
  listNotices,
  listUnreadReviews,
  openReviewNote,
  peekSealedOutbox,
  saveDeviceKey,
  saveDistrict,
  saveRecord,
  type DataError,
} from '../../src/data';
import {
  describePublicKey,
  exportPublicJwk,
  generateKeyPair,
  importPublicJwk,
  openRecordPayload,
  sealReviewNote,
  type OpenKey,
} from '../../src/crypto/seal';
import type { DistrictKey, FeedItem, Sealed } from '../../src/domain/contract';
import { getDeclaration } from '../../src/domain';
import { freshUnlocked } from './helpers';

const BIG = { maxRecords: 200, maxBytes: 1024 * 1024 };
// A valid migrant record (the phone validates before sealing) with a name that must never leave
// the phone in clear.
const PAYLOAD = {
  ...(structuredClone(getDeclaration('migrant')!.examples[0]) as Record<string, unknown>),
  name: 'Siti Rahayu',
};

async function districtKey(): Promise<{ key: DistrictKey; open: OpenKey }> {
  const pair = await generateKeyPair(true);
  const { kid, fingerprint } = await describePublicKey(pair.publicKey);
  return {
    key: { kid, fingerprint, publicKey: await exportPublicJwk(pair.publicKey) },
    open: { kid, privateKey: pair.privateKey, publicKey: pair.publicKey },
  };
}

describe('sealing on the phone', () => {
  beforeEach(freshUnlocked);

  it('waits for a district key, then seals once per (id, rev) and resends the same bytes', async () => {
    const r = await saveRecord({ kind: 'migrant', payload: PAYLOAD });
    expect(await peekSealedOutbox(BIG)).toEqual({ records: [], waitingForKey: 1 });
    const d = await districtKey();
    await saveDistrict({ name: 'Kab. Contoh', keys: [d.key] });
    const first = await peekSealedOutbox(BIG);
    expect(first.waitingForKey).toBe(0);
    expect(first.records).toHaveLength(1);
    // The envelope's JSON text as stored when sealed: sent as is.
    const text = first.records[0]!.json;
    expect(first.records[0]).toMatchObject({ id: r.id, rev: 1 });
    const envelope = JSON.parse(text) as Record<string, unknown>;
    expect(text).not.toContain('Siti');
    expect(envelope).toMatchObject({ id: r.id, rev: 1, kind: 'migrant', deleted: false });
    // Resends are byte-identical until the server answers.
    expect((await peekSealedOutbox(BIG)).records[0]!.json).toBe(text);
    const header = { id: r.id, rev: 1, kind: 'migrant', schemaVersion: 1, deleted: false };
    expect(await openRecordPayload(header, envelope.sealed as Sealed, [d.open])).toEqual(PAYLOAD);
    // Moved to another rev or id, it does not open.
    await expect(
      openRecordPayload({ ...header, rev: 2 }, envelope.sealed as Sealed, [d.open]),
    ).rejects.toThrow();
    // A tombstone needs no key and carries no payload.
    await deleteRecord(r.id);
    const tomb = JSON.parse((await peekSealedOutbox(BIG)).records[0]!.json) as Record<
      string,
      unknown
    >;
    expect(tomb).toMatchObject({ id: r.id, rev: 2, deleted: true, meta: {} });
    expect(tomb.sealed).toBeUndefined();
  });

  it('marks synced only what the server holds; renumbers above currentRev on stale or conflict', async () => {
    const d = await districtKey();
    await saveDistrict({ keys: [d.key] });
    const a = await saveRecord({ kind: 'migrant', payload: PAYLOAD });
    const b = await saveRecord({ kind: 'migrant', payload: PAYLOAD });
    const c = await saveRecord({ kind: 'migrant', payload: PAYLOAD });
    await peekSealedOutbox(BIG);
    await applyPushResultsV2([
      { id: a.id, rev: 1, status: 'stored' },
      { id: b.id, rev: 1, status: 'stale', currentRev: 4 },
      {
        id: c.id,
        rev: 1,
        status: 'rejected',
        currentRev: 1,
        error: { code: 'conflict', message: 'different content' },
      },
    ]);
    expect((await getRecord(a.id))?.syncState).toBe('synced');
    expect(await getRecord(b.id)).toMatchObject({ rev: 5, syncState: 'pending', payload: PAYLOAD });
    expect(await getRecord(c.id)).toMatchObject({ rev: 2, syncState: 'pending' });
    const next = await peekSealedOutbox(BIG);
    expect(next.records.map((e) => [e.id, e.rev])).toEqual([
      [b.id, 5],
      [c.id, 2],
    ]);
    // An answer for a rev that is no longer queued changes nothing.
    await applyPushResultsV2([{ id: b.id, rev: 1, status: 'stored' }]);
    expect((await getRecord(b.id))?.syncState).toBe('pending');
    expect(await countOutbox()).toBe(2);
  });
});

describe('the feed on the phone', () => {
  beforeEach(freshUnlocked);

  it('applies a page and its cursor together; a repeated page applies nothing twice', async () => {
    const d = await districtKey();
    const items: FeedItem[] = [
      { seq: 1, type: 'keys', keys: [d.key] },
      {
        seq: 2,
        type: 'notice',
        id: '0192f1a6-0000-7000-8000-000000000001',
        at: '2026-11-30T09:00:00+07:00',
        text: 'Rapat kader Senin',
      },
      { seq: 3, type: 'directory', at: '2026-11-30T09:00:00+07:00', contacts: [] },
    ];
    expect(await applyFeedPage(items, 'c3')).toEqual({ keysChanged: true, applied: 3 });
    expect(await getFeedCursor()).toBe('c3');
    expect((await getDistrict()).keys).toEqual([d.key]);
    expect(await getDirectory()).toEqual([]);
    // The same page again (an old cursor was used): nothing is applied twice.
    expect(await applyFeedPage(items, 'c3')).toEqual({ keysChanged: false, applied: 0 });
    expect(await listNotices()).toHaveLength(1);
  });

  it('every item is applied exactly once whatever pages are lost or repeated', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('deliver', 'lose', 'repeat'), { minLength: 1, maxLength: 12 }),
        async (fates) => {
          await freshUnlocked();
          const all: FeedItem[] = fates.map((_, i) => ({
            seq: i + 1,
            type: 'notice',
            id: `0192f1a6-0000-7000-8000-${String(i).padStart(12, '0')}`,
            at: '2026-11-30T09:00:00+07:00',
            text: `n${i}`,
          }));
          // The server pages one item at a time from the phone's committed cursor; a lost page
          // (the answer never arrived) is simply asked for again.
          let applied = 0;
          for (const fate of fates) {
            const after = Number((await getFeedCursor()) ?? '0');
            const page = all.slice(after, after + 1);
            if (fate === 'lose') continue;
            applied += (await applyFeedPage(page, String(after + page.length))).applied;
            if (fate === 'repeat')
              applied += (await applyFeedPage(page, String(after + page.length))).applied;
          }
          for (;;) {
            const after = Number((await getFeedCursor()) ?? '0');
            const page = all.slice(after, after + 1);
            if (page.length === 0) break;
            applied += (await applyFeedPage(page, String(after + 1))).applied;
          }
          expect(applied).toBe(all.length);
          expect((await listNotices()).map((n) => n.text).sort()).toEqual(
            all.map((i) => (i as { text: string }).text).sort(),
          );
        },
      ),
      { numRuns: 25 },
    );
  });

  it('opens a review note with the device key; a tampered note is reported, never shown', async () => {
    const pair = await createDeviceKeyPair();
    await saveDeviceKey(pair);
    const r = await saveRecord({ kind: 'migrant', payload: PAYLOAD });
    const devicePublic = await importPublicJwk(pair.publicJwk as never);
    const { kid } = await describePublicKey(devicePublic);
    const header = {
      recordId: r.id,
      rev: 1,
      state: 'needs_correction',
      at: '2026-11-30T10:00:00+07:00',
    };
    const note = await sealReviewNote(header, 'Tanggal lahir salah', [
      { kid, publicKey: devicePublic },
    ]);
    await applyFeedPage(
      [{ seq: 1, type: 'review', ...header, state: 'needs_correction', note }],
      'c1',
    );
    expect(await getReview(r.id)).toMatchObject({
      state: 'needs_correction',
      unread: true,
      hasNote: true,
    });
    expect((await listUnreadReviews()).map((x) => x.recordId)).toEqual([r.id]);
    expect(await openReviewNote(r.id)).toBe('Tanggal lahir salah');
    // One byte of the ciphertext flipped (a later review item replaces the note).
    const flipped = note.ct.startsWith('A') ? `B${note.ct.slice(1)}` : `A${note.ct.slice(1)}`;
    await applyFeedPage(
      [
        {
          seq: 2,
          type: 'review',
          ...header,
          state: 'needs_correction',
          note: { ...note, ct: flipped },
        },
      ],
      'c2',
    );
    await expect(openReviewNote(r.id)).rejects.toMatchObject({
      code: 'decryption_failed',
    } satisfies Partial<DataError>);
  });
});
