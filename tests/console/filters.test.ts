// @vitest-environment node
// (node environment: src/crypto reads WebCrypto buffers with instanceof, which fails across jsdom realms)
// Opening records in memory (flags for bad payloads and disagreeing meta), filters and search.
import { describe, expect, it } from 'vitest';
import { applyFilters, regionOptions } from '../../src/console/records/filters';
import { buildSet, openRows } from '../../src/console/records/memory';
import { districtKey, example, row, sealedRow } from './helpers';

describe('openRows', () => {
  it('opens sealed rows, flags invalid payloads, disagreeing meta and rows sealed to another key', async () => {
    const key = await districtKey();
    const other = await districtKey();
    const good = await sealedRow('screening', example('screening'), key);
    const invalid = await sealedRow(
      'screening',
      { ...example('screening'), screenedOn: 'kemarin' },
      key,
    );
    const lying = await sealedRow('screening', example('screening'), key, {
      meta: {
        ...(await sealedRow('screening', example('screening'), key)).meta,
        riskLevel: 'rendah',
      },
    });
    const foreign = await sealedRow('screening', example('screening'), other);
    const tombstone = row({ kind: 'screening', deleted: true });
    const opened = await openRows([good, invalid, lying, foreign, tombstone], [key.open]);
    expect(opened[0]!.problems).toEqual([]);
    expect(opened[0]!.payload).toEqual(example('screening'));
    expect(opened[1]!.problems).toContain('invalid_payload');
    expect(opened[2]!.problems).toEqual(['meta_mismatch']);
    expect(opened[3]!.problems).toEqual(['unopenable']);
    expect(opened[3]!.payload).toBeUndefined();
    expect(opened[4]!.problems).toEqual([]);
  });
});

describe('applyFilters', () => {
  it('filters by kind, region (most specific wins), review, risk, period, device and flags', async () => {
    const key = await districtKey();
    const migrant = example('migrant');
    const rows = [
      await sealedRow('migrant', migrant, key, { deviceId: 'dev-a', reviewState: 'received' }),
      await sealedRow('screening', example('screening', 0), key, { deviceId: 'dev-b' }),
      await sealedRow('screening', example('screening', 1), key, { deviceId: 'dev-a' }),
      await sealedRow('household_visit', example('household_visit'), key, { deviceId: 'dev-b' }),
    ];
    const list = await openRows(rows, [key.open]);
    const ids = (f: Parameters<typeof applyFilters>[1]) =>
      applyFilters(list, f).map((i) => i.row.id);
    expect(ids({ kind: 'screening' })).toEqual([rows[1]!.id, rows[2]!.id]);
    expect(ids({ device: 'dev-a' })).toEqual([rows[0]!.id, rows[2]!.id]);
    expect(ids({ review: 'received' })).toEqual([rows[0]!.id]);
    expect(ids({ review: 'none' })).toHaveLength(3);
    const risk = rows[1]!.meta.riskLevel as string;
    expect(ids({ kind: 'screening', risk })).toContain(rows[1]!.id);
    const regency = rows[0]!.meta.regencyCode as string | undefined;
    if (regency) {
      expect(ids({ regency })).toContain(rows[0]!.id);
      expect(ids({ regency: '99.99' })).toEqual([]);
      const options = regionOptions(list, { regency });
      expect(options.regencies).toContain(regency);
    }
    const month = rows[1]!.meta.eventMonth as string;
    expect(ids({ from: month, to: month })).toContain(rows[1]!.id);
    expect(ids({ from: '2999-01' })).toEqual([]);
    expect(ids({ flagged: true })).toEqual([]);
  });

  it('searches opened content: every word, any case, without diacritics; never meta-only text', async () => {
    const key = await districtKey();
    const payload = example('migrant');
    const name = Object.values(payload).find(
      (v): v is string => typeof v === 'string' && v.length > 3,
    )!;
    const rows = [
      await sealedRow('migrant', payload, key),
      await sealedRow('household_visit', example('household_visit'), key),
    ];
    const list = await openRows(rows, [key.open]);
    const word = name.split(/\s+/)[0]!;
    expect(applyFilters(list, { text: word.toUpperCase() }).map((i) => i.row.id)).toContain(
      rows[0]!.id,
    );
    expect(applyFilters(list, { text: `${word} zzzz-tidak-ada` })).toEqual([]);
    const accented = buildSet(
      await openRows(
        [await sealedRow('migrant', { ...payload, notes: 'Désa Sukamaju' }, key)],
        [key.open],
      ),
      '',
      0,
    );
    expect(applyFilters(accented.list, { text: 'desa sukamaju' })).toHaveLength(1);
  });
});
