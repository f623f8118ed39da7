// Coordinators' records API: sealed rows with meta, device label and latest review, in pages;
// revisions; reviews written to the phone's feed with a note sealed in the browser; the screening
// decision; and two coordinators answering at once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordsPage, ConsoleReview } from '../../../src/domain/console';
import { exportPublicJwk, openReviewNote, sealReviewNote } from '../../../src/crypto/seal';
import {
  createDistrictKey,
  enrollV2,
  feed,
  pushV2,
  sealedEnvelope,
  type KeyHolder,
  type V2Phone,
} from '../coordinator';
import {
  call,
  createConsoleApp,
  json,
  login,
  makeAccount,
  type ConsoleTestApp,
} from './consoleHelpers';

let t: ConsoleTestApp;
let district: KeyHolder;
let phone: V2Phone;
let coordinator: string;

beforeEach(async () => {
  t = await createConsoleApp();
  district = await createDistrictKey(t);
  phone = await enrollV2(t, 'HP posyandu Melati');
  await makeAccount(t, 'siti', ['coordinator']);
  coordinator = await login(t, 'siti');
});
afterEach(async () => {
  await t.close();
});

async function pushRecords(
  n: number,
  kind: 'migrant' | 'screening' = 'migrant',
): Promise<string[]> {
  const envelopes = await Promise.all(
    Array.from({ length: n }, () => sealedEnvelope(phone.districtKeys, { kind })),
  );
  const pushed = await pushV2(t.app, phone.token, envelopes);
  expect(pushed.body.results.every((r) => r.status === 'stored')).toBe(true);
  return envelopes.map((e) => e.id);
}

describe('GET /records', () => {
  it('lists every current revision sealed, with meta and the device label, and audits the fetch', async () => {
    const ids = await pushRecords(3);
    const response = await call(t, 'GET', '/api/console/records', { cookie: coordinator });
    expect(response.status).toBe(200);
    const page = await json<RecordsPage>(response);
    expect(page.items.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(page.more).toBe(false);
    const row = page.items[0];
    expect(row).toMatchObject({
      rev: 1,
      kind: 'migrant',
      deleted: false,
      deviceId: phone.deviceId,
      deviceLabel: 'HP posyandu Melati',
    });
    expect(row?.sealed?.recipients.map((r) => r.kid)).toEqual([district.kid]);
    // The console seals a review note to the phone with this key.
    expect(row?.devicePublicKey).toEqual(await exportPublicJwk(phone.key.recipient.publicKey));
    expect(row?.meta).toHaveProperty('eventMonth');
    expect(row).not.toHaveProperty('payload');
    const audit = await t.opened.db
      .selectFrom('console_audit')
      .selectAll()
      .where('action', '=', 'records_fetched')
      .execute();
    expect(audit.map((a) => a.detail)).toEqual(['3 records']);
  });

  it('pages with a cursor and later returns only what arrived since', async () => {
    await pushRecords(5);
    const first = await json<RecordsPage>(
      await call(t, 'GET', '/api/console/records?limit=2', { cookie: coordinator }),
    );
    expect(first.items).toHaveLength(2);
    expect(first.more).toBe(true);
    const rest = await json<RecordsPage>(
      await call(t, 'GET', `/api/console/records?since=${first.cursor}&limit=10`, {
        cookie: coordinator,
      }),
    );
    expect(rest.items).toHaveLength(3);
    expect(rest.more).toBe(false);
    expect(new Set([...first.items, ...rest.items].map((r) => r.id)).size).toBe(5);
    t.advance(60_000);
    const later = await pushRecords(1);
    const since = await json<RecordsPage>(
      await call(t, 'GET', `/api/console/records?since=${rest.cursor}`, { cookie: coordinator }),
    );
    expect(since.items.map((r) => r.id)).toEqual(later);
    const nothing = await json<RecordsPage>(
      await call(t, 'GET', `/api/console/records?since=${since.cursor}`, { cookie: coordinator }),
    );
    expect(nothing.items).toEqual([]);
    expect(nothing.cursor).toBe(since.cursor);
    // The console's minute-by-minute refresh: fetches with rows are audited, empty ones are not.
    const audited = await t.opened.db
      .selectFrom('console_audit')
      .select('detail')
      .where('action', '=', 'records_fetched')
      .orderBy('seq')
      .execute();
    expect(audited.map((a) => a.detail)).toEqual(['2 records', '3 records', '1 records']);
  });

  it('refuses a cursor it never made and a limit out of range', async () => {
    for (const query of ['since=garbage', 'since=r!!', 'limit=0', 'limit=1001', 'limit=abc']) {
      const response = await call(t, 'GET', `/api/console/records?${query}`, {
        cookie: coordinator,
      });
      expect(response.status).toBe(400);
    }
  });

  it('is for coordinators only', async () => {
    await makeAccount(t, 'viewer', ['viewer']);
    await makeAccount(t, 'admin', ['admin']);
    for (const name of ['viewer', 'admin']) {
      const response = await call(t, 'GET', '/api/console/records', {
        cookie: await login(t, name),
      });
      expect(response.status).toBe(403);
    }
    expect((await call(t, 'GET', '/api/console/records')).status).toBe(401);
  });
});

describe('revisions and opening', () => {
  it('lists every revision and audits an opened record without content', async () => {
    const [id] = await pushRecords(1);
    const next = await sealedEnvelope(phone.districtKeys, { id, rev: 2 });
    await pushV2(t.app, phone.token, [next]);
    const revisions = await json<{ items: { rev: number }[] }>(
      await call(t, 'GET', `/api/console/records/${id}/revisions`, { cookie: coordinator }),
    );
    expect(revisions.items.map((r) => r.rev)).toEqual([1, 2]);
    const opened = await call(t, 'POST', `/api/console/records/${id}/open-audit`, {
      cookie: coordinator,
      body: { rev: 2 },
    });
    expect(opened.status).toBe(204);
    const unknown = await call(t, 'POST', `/api/console/records/${id}/open-audit`, {
      cookie: coordinator,
      body: { rev: 9 },
    });
    expect(unknown.status).toBe(404);
    const entries = await t.opened.db
      .selectFrom('console_audit')
      .selectAll()
      .where('action', '=', 'record_opened')
      .execute();
    expect(entries.map((e) => [e.target, e.detail])).toEqual([[id, 'rev 2']]);
  });
});

describe('reviews', () => {
  it('stores an answer with a note sealed in the browser and sends it to the phone', async () => {
    const [id] = await pushRecords(1, 'screening');
    const at = t.clock.now.toISOString();
    const note = await sealReviewNote(
      { recordId: id as string, rev: 1, state: 'in_follow_up', at },
      'Tim UPTD PPA berangkat hari ini.',
      [phone.key.recipient, district.recipient],
    );
    const response = await call(t, 'POST', `/api/console/records/${id}/review`, {
      cookie: coordinator,
      body: {
        rev: 1,
        state: 'in_follow_up',
        at,
        note,
        decision: { status: 'possible', decidedBy: 'uptd_ppa' },
      },
    });
    expect(response.status).toBe(201);
    const items = (await feed(t.app, phone.token)).body.items as {
      type: string;
      state?: string;
      note?: typeof note;
      at?: string;
    }[];
    const review = items.find((i) => i.type === 'review');
    expect(review).toMatchObject({ recordId: id, rev: 1, state: 'in_follow_up', at });
    expect(
      await openReviewNote(
        { recordId: id as string, rev: 1, state: 'in_follow_up', at },
        review?.note as typeof note,
        [phone.key.open],
      ),
    ).toBe('Tim UPTD PPA berangkat hari ini.');
    const page = await json<RecordsPage>(
      await call(t, 'GET', '/api/console/records', { cookie: coordinator }),
    );
    expect(page.items[0]).toMatchObject({
      reviewState: 'in_follow_up',
      reviewedAt: at,
      decision: { status: 'possible', decidedBy: 'uptd_ppa' },
    });
    const audit = await t.opened.db
      .selectFrom('console_audit')
      .selectAll()
      .where('action', '=', 'review_added')
      .executeTakeFirstOrThrow();
    expect(audit.detail).toBe('rev 1, in_follow_up, note, decision possible by uptd_ppa');
    expect(JSON.stringify(audit)).not.toContain('UPTD PPA berangkat');
  });

  it('refuses a decision on another kind, a note not sealed to the phone, a far clock, an unknown rev', async () => {
    const [id] = await pushRecords(1, 'migrant');
    const at = t.clock.now.toISOString();
    const header = { recordId: id as string, rev: 1, state: 'received' as const, at };
    const cases: [unknown, string][] = [
      [
        { rev: 1, state: 'received', decision: { status: 'actual', decidedBy: 'polres' } },
        'decision_not_allowed',
      ],
      [
        {
          rev: 1,
          state: 'received',
          at,
          note: await sealReviewNote(header, 'x', [district.recipient]),
        },
        'note_recipients',
      ],
      [
        {
          rev: 1,
          state: 'received',
          at: new Date(t.clock.now.getTime() - 2 * 3_600_000).toISOString(),
        },
        'bad_time',
      ],
      [{ rev: 2, state: 'received' }, 'bad_rev'],
      [{ rev: 1, state: 'lost' }, 'malformed'],
      [
        {
          rev: 1,
          state: 'received',
          note: await sealReviewNote(header, 'x', [phone.key.recipient]),
        },
        'malformed',
      ],
    ];
    for (const [body, code] of cases) {
      const response = await call(t, 'POST', `/api/console/records/${id}/review`, {
        cookie: coordinator,
        body,
      });
      expect(response.status, code).toBe(400);
      expect((await json<{ error: { code: string } }>(response)).error.code).toBe(code);
    }
    const stored = await t.opened.db.selectFrom('console_reviews').selectAll().execute();
    expect(stored).toHaveLength(0);
    const unknown = await call(
      t,
      'POST',
      '/api/console/records/00000000-0000-4000-8000-000000000000/review',
      {
        cookie: coordinator,
        body: { rev: 1, state: 'received' },
      },
    );
    expect(unknown.status).toBe(404);
  });

  it('keeps both answers, in order, when two coordinators answer the same record at once', async () => {
    const [id] = await pushRecords(1, 'screening');
    await makeAccount(t, 'dewi', ['coordinator']);
    const second = await login(t, 'dewi');
    const rounds = 5;
    const answers = await Promise.all(
      Array.from({ length: rounds }, (_, i) => [
        call(t, 'POST', `/api/console/records/${id}/review`, {
          cookie: coordinator,
          body: { rev: 1, state: i % 2 === 0 ? 'received' : 'in_follow_up' },
        }),
        call(t, 'POST', `/api/console/records/${id}/review`, {
          cookie: second,
          body: { rev: 1, state: 'referred' },
        }),
      ]).flat(),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(rounds * 2).fill(201));
    const listed = await json<{ items: ConsoleReview[] }>(
      await call(t, 'GET', `/api/console/records/${id}/reviews`, { cookie: coordinator }),
    );
    expect(listed.items).toHaveLength(rounds * 2);
    const seqs = listed.items.map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(rounds * 2);
    expect(listed.items.filter((r) => r.accountName === 'Name of dewi')).toHaveLength(rounds);
    // Each answer reached the phone once, in the same order.
    const phoneItems = (
      (await feed(t.app, phone.token, '?limit=500')).body.items as {
        type: string;
        state: string;
      }[]
    ).filter((i) => i.type === 'review');
    expect(phoneItems.map((i) => i.state)).toEqual(listed.items.map((r) => r.state));
    const feedSeqs = await t.opened.db
      .selectFrom('console_reviews')
      .select('feed_seq')
      .orderBy('seq')
      .execute();
    const numbers = feedSeqs.map((r) => Number(r.feed_seq));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  });

  it('audits exports the browser built', async () => {
    const response = await call(t, 'POST', '/api/console/exports-audit', {
      cookie: coordinator,
      body: { kind: 'screening', count: 12, format: 'xlsx' },
    });
    expect(response.status).toBe(204);
    const entry = await t.opened.db
      .selectFrom('console_audit')
      .selectAll()
      .where('action', '=', 'export')
      .executeTakeFirstOrThrow();
    expect([entry.target, entry.detail]).toEqual(['screening', '12 records, xlsx']);
  });
});
