// listRecordFacts: what a rule over all records (the household of src/domain/household.ts) reads
// from every live record, newest first, extracted once per rev and session.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { deleteRecord, listRecordFacts, lockVault, saveRecord, unlockVault } from '../../src/data';
import { freshUnlocked, PIN } from './helpers';

describe('listRecordFacts', () => {
  beforeEach(freshUnlocked);

  it('lists live records newest first and extracts each rev once', async () => {
    const extract = vi.fn((kind: string, payload: Record<string, unknown>) => ({
      kind,
      name: payload.name,
    }));
    const a = await saveRecord({ kind: 'migrant', payload: { name: 'A' } });
    await new Promise((r) => setTimeout(r, 5));
    const b = await saveRecord({ kind: 'referral', payload: { name: 'B' } });
    await new Promise((r) => setTimeout(r, 5));
    const c = await saveRecord({ kind: 'screening', payload: { name: 'C' } });

    const first = await listRecordFacts(extract);
    expect(first.map((r) => r.id)).toEqual([c.id, b.id, a.id]);
    expect(first[1]).toMatchObject({ kind: 'referral', facts: { kind: 'referral', name: 'B' } });
    expect(extract).toHaveBeenCalledTimes(3);

    // Nothing changed: nothing extracted again.
    await listRecordFacts(extract);
    expect(extract).toHaveBeenCalledTimes(3);

    // An edit is read again (and moves first); a tombstone drops out.
    await new Promise((r) => setTimeout(r, 5));
    await saveRecord({ id: a.id, kind: 'migrant', payload: { name: 'A2' } });
    await deleteRecord(b.id);
    const after = await listRecordFacts(extract);
    expect(after.map((r) => [r.id, r.facts.name])).toEqual([
      [a.id, 'A2'],
      [c.id, 'C'],
    ]);
    expect(extract).toHaveBeenCalledTimes(4);
  });

  it('forgets what it read when the vault locks, and skips records it cannot read', async () => {
    await saveRecord({ kind: 'migrant', payload: { name: 'A' } });
    const broken = await saveRecord({ kind: 'migrant', payload: { name: 'broken' } });
    const extract = vi.fn((_kind: string, payload: Record<string, unknown>) => {
      if (payload.name === 'broken') throw new Error('old version');
      return payload.name;
    });
    expect((await listRecordFacts(extract)).map((r) => r.id)).not.toContain(broken.id);
    expect(extract).toHaveBeenCalledTimes(2);
    await lockVault();
    await expect(listRecordFacts(extract)).rejects.toThrow();
    await unlockVault(PIN);
    expect((await listRecordFacts(extract)).map((r) => r.facts)).toEqual(['A']);
    expect(extract).toHaveBeenCalledTimes(4);
  });
});
