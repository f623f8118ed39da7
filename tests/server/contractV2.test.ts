// Contract v2 against the real app: enroll v2, sealed push (every result and rejection code),
// the feed (addressing, paging, cursors), v1 push retired, OpenAPI served.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/domain/contract/openapi';
import { pushResponseV2Schema, feedPageSchema } from '../../src/domain/contract';
import { exportPublicJwk } from '../../src/crypto/seal';
import { createEnrollmentCode, revokeDevice } from '../../src/server/devices';
import { retireDistrictKey } from '../../src/server/districtKeys';
import { addNotice, addReview, setDirectory } from '../../src/server/feed/answers';
import { createTestApp, enrollDevice, envelope, push, type TestApp } from './helpers';
import {
  createDistrictKey,
  enrollV2,
  feed,
  newKeyHolder,
  openStored,
  pushV2,
  sealedEnvelope,
  type KeyHolder,
  type V2Phone,
} from './coordinator';

let t: TestApp;
let district: KeyHolder;
let phone: V2Phone;

beforeEach(async () => {
  t = await createTestApp();
  district = await createDistrictKey(t);
  phone = await enrollV2(t);
});
afterEach(async () => {
  await t.close();
});

describe('POST /api/v2/devices/enroll', () => {
  it('answers 201 with the district keys and stores the device public key', async () => {
    expect(phone.districtKeys.map((k) => k.kid)).toEqual([district.kid]);
    const row = await t.opened.db
      .selectFrom('device_public_keys')
      .selectAll()
      .where('device_id', '=', phone.deviceId)
      .executeTakeFirstOrThrow();
    expect(row.kid).toBe(phone.key.kid);
  });

  it('refuses a private key, a point off the curve, a missing key and a bad code', async () => {
    const { code } = await createEnrollmentCode(t.opened.db, t.dataKey, {
      uses: 5,
      expiresInHours: 1,
    });
    const holder = await newKeyHolder();
    const privateJwk = await crypto.subtle.exportKey('jwk', holder.open.privateKey);
    const publicJwk = await exportPublicJwk(holder.recipient.publicKey);
    const send = (body: unknown) =>
      t.app.request('/api/v2/devices/enroll', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await send({ code, label: 'x', devicePublicKey: privateJwk })).status).toBe(400);
    expect((await send({ code, label: 'x' })).status).toBe(400);
    const offCurve = { ...publicJwk, y: publicJwk.x };
    expect((await send({ code, label: 'x', devicePublicKey: offCurve })).status).toBe(400);
    const bad = await send({ code: 'AAAAA-BBBBB', label: 'x', devicePublicKey: publicJwk });
    expect(bad.status).toBe(403);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe(
      'enrollment_code_invalid',
    );
    expect((await send({ code, label: 'x', devicePublicKey: publicJwk })).status).toBe(201);
  });
});

describe('POST /api/v2/sync/push', () => {
  it('stores, then answers duplicate for a byte-identical resend; the server opens nothing', async () => {
    const record = await sealedEnvelope(phone.districtKeys, { kind: 'screening' });
    const first = await pushV2(t.app, phone.token, [record]);
    expect(first.status).toBe(200);
    expect(pushResponseV2Schema.parse(first.body).results).toEqual([
      { id: record.id, rev: 1, status: 'stored' },
    ]);
    const again = await pushV2(t.app, phone.token, [record, record]);
    expect(again.body.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    const payload = await openStored(t, district, record.id, 1);
    expect(payload).toMatchObject({ subjectInitials: 'R.A.' });
    const current = await t.opened.db
      .selectFrom('sealed_current')
      .selectAll()
      .where('id', '=', record.id)
      .executeTakeFirstOrThrow();
    // The current view is a pointer: the sealed bytes are stored once, in sealed_revisions.
    expect(Object.keys(current)).not.toContain('sealed');
    expect(JSON.parse(current.meta)).toEqual(record.meta);
  });

  it('answers duplicate for the same content with members in another order', async () => {
    const record = await sealedEnvelope(phone.districtKeys, { kind: 'referral' });
    await pushV2(t.app, phone.token, [record]);
    const reverse = (value: object) => Object.fromEntries(Object.entries(value).reverse());
    const shuffled = {
      ...reverse({ ...record, meta: reverse(record.meta) }),
      sealed: reverse({ ...record.sealed!, recipients: record.sealed!.recipients.map(reverse) }),
    };
    expect(JSON.stringify(shuffled)).not.toBe(JSON.stringify(record));
    const { body } = await pushV2(t.app, phone.token, [shuffled]);
    expect(body.results[0]?.status).toBe('duplicate');
  });

  it('answers conflict with currentRev for the same id and rev sealed again', async () => {
    const id = randomUUID();
    await pushV2(t.app, phone.token, [await sealedEnvelope(phone.districtKeys, { id, rev: 3 })]);
    const resealed = await sealedEnvelope(phone.districtKeys, { id, rev: 3 });
    const { body } = await pushV2(t.app, phone.token, [resealed]);
    expect(body.results[0]).toMatchObject({
      status: 'rejected',
      error: { code: 'conflict' },
      currentRev: 3,
    });
  });

  it('answers stale with currentRev for an older rev, keeping the newer current', async () => {
    const id = randomUUID();
    await pushV2(t.app, phone.token, [await sealedEnvelope(phone.districtKeys, { id, rev: 5 })]);
    const { body } = await pushV2(t.app, phone.token, [
      await sealedEnvelope(phone.districtKeys, { id, rev: 2 }),
    ]);
    expect(body.results[0]).toEqual({ id, rev: 2, status: 'stale', currentRev: 5 });
    const current = await t.opened.db
      .selectFrom('sealed_current')
      .select('rev')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(Number(current.rev)).toBe(5);
  });

  it('continues above a record first synced with v1 (stale at or below its v1 rev)', async () => {
    const v1 = await enrollDevice(t);
    const v1Record = envelope({ rev: 4 });
    expect((await push(t.app, v1.token, [v1Record])).body.results[0]?.status).toBe('stored');
    // The same id from another device is forbidden; from its owner, rev 4 is stale and 5 stored.
    const other = await pushV2(t.app, phone.token, [
      await sealedEnvelope(phone.districtKeys, { id: v1Record.id, rev: 5 }),
    ]);
    expect(other.body.results[0]).toMatchObject({ error: { code: 'forbidden' } });
    const same = await pushV2(t.app, v1.token, [
      await sealedEnvelope(phone.districtKeys, { id: v1Record.id, rev: 4 }),
      await sealedEnvelope(phone.districtKeys, { id: v1Record.id, rev: 5 }),
    ]);
    expect(same.body.results).toEqual([
      { id: v1Record.id, rev: 4, status: 'stale', currentRev: 4 },
      { id: v1Record.id, rev: 5, status: 'stored' },
    ]);
  });

  it('rejects unknown_key for an unregistered or retired kid', async () => {
    const stranger = await newKeyHolder();
    const { body } = await pushV2(t.app, phone.token, [
      await sealedEnvelope([stranger.recipient]),
      await sealedEnvelope([...phone.districtKeys, stranger.recipient]),
    ]);
    expect(body.results.map((r) => r.status === 'rejected' && r.error.code)).toEqual([
      'unknown_key',
      'unknown_key',
    ]);
    await retireDistrictKey(t.opened.db, district.kid);
    const retired = await pushV2(t.app, phone.token, [await sealedEnvelope(phone.districtKeys)]);
    expect(retired.body.results[0]).toMatchObject({ error: { code: 'unknown_key' } });
  });

  it('rejects invalid_meta, invalid (clear payload, no seal) and unknown_kind, each on its own', async () => {
    const good = await sealedEnvelope(phone.districtKeys, { kind: 'screening' });
    const records = [
      { ...good, id: randomUUID(), meta: { ...good.meta, subjectInitials: 'R.A.' } },
      { ...good, id: randomUUID(), meta: { ...good.meta, riskLevel: 'Siti Rahmawati' } },
      { ...good, id: randomUUID(), payload: { subjectInitials: 'R.A.' } },
      { ...good, id: randomUUID(), sealed: undefined },
      { ...good, id: randomUUID(), kind: 'diary' },
      good,
    ];
    const { body } = await pushV2(t.app, phone.token, records);
    expect(body.results.map((r) => (r.status === 'rejected' ? r.error.code : r.status))).toEqual([
      'invalid_meta',
      'invalid_meta',
      'invalid',
      'invalid',
      'unknown_kind',
      'stored',
    ]);
    expect(body.results[0]).toMatchObject({ error: { issues: [{ path: 'meta' }] } });
  });

  it('rejects forbidden for another device’s record and stores tombstones without a seal', async () => {
    const record = await sealedEnvelope(phone.districtKeys);
    await pushV2(t.app, phone.token, [record]);
    const second = await enrollV2(t, 'HP kedua');
    const stolen = await pushV2(t.app, second.token, [{ ...record, rev: 2 }]);
    expect(stolen.body.results[0]).toMatchObject({ error: { code: 'forbidden' } });
    const tombstone = await sealedEnvelope([], { id: record.id, rev: 2, deleted: true });
    expect((await pushV2(t.app, phone.token, [tombstone])).body.results[0]?.status).toBe('stored');
  });

  it('answers whole-request errors: 401, 403 revoked, 400, 413', async () => {
    const record = await sealedEnvelope(phone.districtKeys);
    expect((await pushV2(t.app, 'x'.repeat(43), [record])).status).toBe(401);
    expect((await pushV2(t.app, phone.token, [])).status).toBe(400);
    expect((await pushV2(t.app, phone.token, [{ rev: 1 }])).status).toBe(400);
    expect((await pushV2(t.app, phone.token, new Array(201).fill(record))).status).toBe(413);
    await revokeDevice(t.opened.db, phone.deviceId);
    const revoked = await pushV2(t.app, phone.token, [record]);
    expect(revoked.status).toBe(403);
    expect(revoked.body.error?.code).toBe('device_revoked');
  });

  it('stores the same record pushed concurrently exactly once', async () => {
    // Six at once from one phone: lift the per-device in-flight bound (2) for this app only.
    await t.close();
    t = await createTestApp({ admission: { perDeviceInFlight: 6 } });
    district = await createDistrictKey(t);
    phone = await enrollV2(t);
    const record = await sealedEnvelope(phone.districtKeys);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => pushV2(t.app, phone.token, [record])),
    );
    const statuses = answers.map((a) => a.body.results[0]?.status).sort();
    expect(statuses).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
      'duplicate',
      'duplicate',
      'stored',
    ]);
    const rows = await t.opened.db
      .selectFrom('sealed_revisions')
      .select('rev')
      .where('id', '=', record.id)
      .execute();
    expect(rows).toHaveLength(1);
  });
});

describe('GET /api/v2/sync/feed', () => {
  it('gives keys, reviews addressed to the record’s phone, directory and notices to all', async () => {
    const other = await enrollV2(t, 'HP lain');
    const record = await sealedEnvelope(phone.districtKeys);
    await pushV2(t.app, phone.token, [record]);
    await addReview(t.opened.db, {
      recordId: record.id,
      state: 'needs_correction',
      note: 'Cek tanggal',
    });
    await setDirectory(t.opened.db, [
      {
        id: randomUUID(),
        category: 'uptd_ppa',
        name: 'UPTD PPA Kab. Contoh',
        phone: '0281 123456',
      },
    ]);
    await addNotice(t.opened.db, 'Rapat kader hari Senin');

    const mine = await feed(t.app, phone.token);
    const page = feedPageSchema.parse(mine.body);
    expect(page.items.map((i) => i.type)).toEqual(['keys', 'review', 'directory', 'notice']);
    expect(page.more).toBe(false);
    const seqs = page.items.map((i) => i.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);

    const theirs = feedPageSchema.parse((await feed(t.app, other.token)).body);
    expect(theirs.items.map((i) => i.type)).toEqual(['keys', 'directory', 'notice']);
  });

  it('pages with limit and cursor; an old cursor is always safe; bad input is 400', async () => {
    for (let i = 0; i < 5; i += 1) await addNotice(t.opened.db, `Pengumuman ${i}`);
    const seen: number[] = [];
    let cursor: string | undefined;
    const cursors: string[] = [];
    for (;;) {
      const { body } = await feed(
        t.app,
        phone.token,
        `?limit=2${cursor ? `&after=${cursor}` : ''}`,
      );
      const page = feedPageSchema.parse(body);
      seen.push(...page.items.map((i) => i.seq));
      cursor = page.cursor;
      cursors.push(cursor);
      if (!page.more) break;
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    const replay = feedPageSchema.parse(
      (await feed(t.app, phone.token, `?after=${cursors[0]}`)).body,
    );
    expect(replay.items.map((i) => i.seq)).toEqual([3, 4, 5, 6]);
    const end = feedPageSchema.parse((await feed(t.app, phone.token, `?after=${cursor}`)).body);
    expect(end).toEqual({ items: [], cursor, more: false });
    for (const query of ['?limit=0', '?limit=501', '?limit=x', '?after=zzz', '?after=f!'])
      expect((await feed(t.app, phone.token, query)).status, query).toBe(400);
    expect((await feed(t.app, 'y'.repeat(43))).status).toBe(401);
  });
});

describe('v1 retirement and OpenAPI', () => {
  it('answers 410 upgrade_required on v1 push by default; v1 health, schemas and enroll stay', async () => {
    // No v1Push option: the product's default.
    const gone = await createTestApp({ v1Push: undefined });
    try {
      const response = await gone.app.request('/api/v1/sync/push', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(response.status).toBe(410);
      expect(await response.json()).toMatchObject({ error: { code: 'upgrade_required' } });
      expect((await gone.app.request('/api/v1/health')).status).toBe(200);
      expect((await gone.app.request('/api/v1/schemas')).status).toBe(200);
      const enroll = await gone.app.request('/api/v1/devices/enroll', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ code: 'NOPE2345', label: 'HP' }),
      });
      expect(enroll.status).toBe(403);
    } finally {
      await gone.close();
    }
  });

  it('serves the generated OpenAPI document', async () => {
    const response = await t.app.request('/api/v2/openapi.json');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });
});
