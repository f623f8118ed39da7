// @vitest-environment node
// (node environment: src/crypto reads WebCrypto buffers with instanceof, which fails across jsdom realms)
// The queue of what needs action: who is on it, in which order, and the 12-hour mark.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildQueue, hoursMinutes, queueReasons } from '../../src/console/records/queue';
import { row } from './helpers';

const NOW = Date.parse('2026-12-02T08:00:00Z');
const hoursAgo = (h: number) => new Date(NOW - h * 3_600_000).toISOString();

describe('buildQueue', () => {
  it('takes danger, high risk, children and referrals; leaves out the rest and what is taken up', () => {
    const rows = [
      row({
        kind: 'screening',
        meta: { riskLevel: 'rendah', child: false, immediateDanger: false },
      }),
      row({
        kind: 'screening',
        meta: { riskLevel: 'tinggi', child: false, immediateDanger: false },
      }),
      row({ kind: 'migrant', meta: { child: true } }),
      row({ kind: 'referral', meta: { urgency: 'normal' } }),
      row({ kind: 'household_visit', meta: {} }),
      row({ kind: 'screening', meta: { riskLevel: 'tinggi' }, reviewState: 'in_follow_up' }),
      row({ kind: 'screening', meta: { riskLevel: 'tinggi' }, reviewState: 'closed' }),
      row({ kind: 'screening', meta: { riskLevel: 'tinggi' }, reviewState: 'received' }),
      row({ kind: 'screening', meta: { riskLevel: 'tinggi' }, deleted: true }),
    ];
    const queue = buildQueue(rows, NOW);
    expect(queue.map((e) => e.row.id)).toEqual(
      expect.arrayContaining([rows[1]!.id, rows[2]!.id, rows[3]!.id, rows[7]!.id]),
    );
    expect(queue).toHaveLength(4);
  });

  it('orders by urgency (danger, high risk, urgent referral, child, referral), then the longest waiting', () => {
    const danger = row({
      kind: 'screening',
      createdAt: hoursAgo(1),
      meta: { riskLevel: 'tinggi', immediateDanger: true },
    });
    const highOld = row({
      kind: 'screening',
      createdAt: hoursAgo(10),
      meta: { riskLevel: 'tinggi' },
    });
    const highNew = row({
      kind: 'screening',
      createdAt: hoursAgo(2),
      meta: { riskLevel: 'tinggi' },
    });
    const urgent = row({
      kind: 'referral',
      createdAt: hoursAgo(30),
      meta: { urgency: 'emergency' },
    });
    const child = row({
      kind: 'psychosocial_support',
      createdAt: hoursAgo(40),
      meta: { child: true },
    });
    const referral = row({
      kind: 'referral',
      createdAt: hoursAgo(50),
      meta: { urgency: 'normal' },
    });
    const queue = buildQueue([referral, child, highNew, urgent, highOld, danger], NOW);
    expect(queue.map((e) => e.row.id)).toEqual([
      danger.id,
      highOld.id,
      highNew.id,
      urgent.id,
      child.id,
      referral.id,
    ]);
  });

  it('the 12-hour mark counts from when the phone saved the record', () => {
    const [fresh, late] = buildQueue(
      [
        row({ kind: 'screening', createdAt: hoursAgo(3.5), meta: { riskLevel: 'tinggi' } }),
        row({ kind: 'screening', createdAt: hoursAgo(14), meta: { riskLevel: 'tinggi' } }),
      ],
      NOW,
    ).sort((a, b) => b.leftMs - a.leftMs);
    expect(hoursMinutes(fresh!.leftMs)).toEqual({ hours: 8, minutes: 30 });
    expect(late!.leftMs).toBeLessThan(0);
    expect(hoursMinutes(late!.leftMs)).toEqual({ hours: 2, minutes: 0 });
  });

  it('a child screening in danger lists every reason', () => {
    expect(
      queueReasons(
        row({
          kind: 'screening',
          meta: { riskLevel: 'tinggi', child: true, immediateDanger: true },
        }),
      ),
    ).toEqual(['immediate_danger', 'high_risk', 'child']);
  });

  it('is ordered and complete for any set of rows (property)', () => {
    const arbitraryRow = fc
      .record({
        kind: fc.constantFrom('screening', 'referral', 'migrant', 'household_visit'),
        risk: fc.constantFrom('rendah', 'sedang', 'tinggi'),
        child: fc.boolean(),
        danger: fc.boolean(),
        urgency: fc.constantFrom('emergency', 'urgent', 'normal'),
        hours: fc.integer({ min: 0, max: 500 }),
      })
      .map((r) =>
        row({
          kind: r.kind,
          createdAt: hoursAgo(r.hours),
          meta:
            r.kind === 'screening'
              ? { riskLevel: r.risk, child: r.child, immediateDanger: r.danger }
              : r.kind === 'referral'
                ? { urgency: r.urgency, child: r.child }
                : { child: r.child },
        }),
      );
    fc.assert(
      fc.property(fc.array(arbitraryRow, { maxLength: 40 }), (rows) => {
        const queue = buildQueue(rows, NOW);
        for (let i = 1; i < queue.length; i++) {
          const a = queue[i - 1]!;
          const b = queue[i]!;
          expect(a.urgency < b.urgency || (a.urgency === b.urgency && a.savedAt <= b.savedAt)).toBe(
            true,
          );
        }
        const expected = rows.filter((r) => queueReasons(r).length > 0).length;
        expect(queue).toHaveLength(expected);
      }),
    );
  });
});
