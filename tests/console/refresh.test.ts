// @vitest-environment node
// (node environment: src/crypto reads WebCrypto buffers with instanceof, which fails across jsdom realms)
// The queue and the records table stay current: what the server received after the last cursor
// is fetched, merged by id (a new revision replaces the old one) and opened when records are open.
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  buildSet,
  mergeById,
  openRows,
  records,
  refreshRows,
  rows,
} from '../../src/console/records/memory';
import { lockNow } from '../../src/console/session';
import { districtKey, example, sealedRow } from './helpers';

afterEach(() => {
  vi.unstubAllGlobals();
  rows.set(null);
  records.set(null);
});

function serveRecords(pages: Record<string, { items: unknown[]; cursor: string; more: boolean }>) {
  const asked: string[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    const since = new URL(url, 'http://x').searchParams.get('since') ?? '';
    asked.push(since);
    const page = pages[since] ?? { items: [], cursor: since, more: false };
    return new Response(JSON.stringify(page), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  return asked;
}

describe('refreshRows', () => {
  it('asks only for what came after the cursor, merges by id and opens the new rows', async () => {
    const key = await districtKey();
    const first = await sealedRow('migrant', example('migrant'), key);
    const screening = await sealedRow('screening', example('screening'), key);
    const firstRev2 = { ...first, rev: 2 };
    rows.set({ list: [first], cursor: 'r1', complete: true });
    records.set(buildSet(await openRows([first], [key.open]), 'r1', 0));
    const asked = serveRecords({
      r1: { items: [screening], cursor: 'r2', more: true },
      r2: { items: [firstRev2], cursor: 'r3', more: false },
    });

    expect(await refreshRows([key.open])).toBe(2);
    expect(asked).toEqual(['r1', 'r2']);
    expect(rows.get()?.cursor).toBe('r3');
    expect(rows.get()?.list.map((r) => [r.id, r.rev])).toEqual([
      [first.id, 2],
      [screening.id, 1],
    ]);
    const opened = records.get();
    expect(opened?.list).toHaveLength(2);
    expect(opened?.byId.get(screening.id)?.payload).toEqual(example('screening'));
    expect(opened?.byId.get(first.id)?.row.rev).toBe(2);
  });

  it('keeps nothing it fetched when the console locks meanwhile', async () => {
    const key = await districtKey();
    const first = await sealedRow('migrant', example('migrant'), key);
    const later = await sealedRow('screening', example('screening'), key);
    rows.set({ list: [first], cursor: 'r1', complete: true });
    vi.stubGlobal('fetch', async () => {
      lockNow();
      return new Response(JSON.stringify({ items: [later], cursor: 'r2', more: false }), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    });
    expect(await refreshRows([key.open])).toBe(0);
    expect(rows.get()).toBeNull();
    expect(records.get()).toBeNull();
  });

  it('does nothing before the first full fetch, and does not block the refreshes after it', async () => {
    const asked = serveRecords({});
    expect(await refreshRows()).toBe(0);
    expect(asked).toEqual([]);
    rows.set({ list: [], cursor: '', complete: true });
    expect(await refreshRows()).toBe(0);
    expect(asked).toEqual(['']);
  });
});

describe('mergeById', () => {
  it('keeps order, replaces by id, appends new ids, never duplicates', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 40 })),
        fc.array(fc.record({ id: fc.integer({ min: 0, max: 60 }), v: fc.nat() })),
        (ids, arrivedRaw) => {
          const list = ids.map((id) => ({ id, v: -1 }));
          // The server never sends the same id twice in one refresh: keep the last.
          const arrived = [...new Map(arrivedRaw.map((a) => [a.id, a])).values()];
          const merged = mergeById(list, arrived, (item) => String(item.id));
          const mergedIds = merged.map((item) => item.id);
          expect(new Set(mergedIds).size).toBe(mergedIds.length);
          expect(mergedIds.slice(0, ids.length)).toEqual(ids);
          for (const a of arrived) expect(merged.find((m) => m.id === a.id)).toEqual(a);
          for (const item of list)
            if (!arrived.some((a) => a.id === item.id))
              expect(merged.find((m) => m.id === item.id)).toEqual(item);
        },
      ),
    );
  });
});
