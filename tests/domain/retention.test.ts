// The retention rule (issue 11 §6): which records keep only their summary, and when.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RECORD_KINDS } from '../../src/domain/recordKinds';
import {
  CONFIRMING_STATES,
  DEFAULT_RETENTION_DAYS,
  isDraftDue,
  isRecordDue,
  retainedPayload,
  retainedSummaryParts,
  RETAINED_KINDS,
  RETENTION_CHOICES,
  retentionDays,
  type RecordRetentionFacts,
} from '../../src/domain/retention';

const DAY = 24 * 3600_000;
const STATES = [...CONFIRMING_STATES, 'needs_correction'] as const;

const facts = fc.record({
  kind: fc.constantFrom(...RECORD_KINDS),
  deleted: fc.boolean(),
  retained: fc.boolean(),
  acknowledged: fc.boolean(),
  reviewState: fc.option(fc.constantFrom(...STATES), { nil: undefined }),
  confirmedMs: fc.option(fc.integer({ min: 0, max: 4e12 }), { nil: undefined }),
});
const clean = (f: {
  [K in keyof RecordRetentionFacts]: RecordRetentionFacts[K] | undefined;
}): RecordRetentionFacts => {
  const out: RecordRetentionFacts = {
    kind: f.kind!,
    deleted: f.deleted!,
    retained: f.retained!,
    acknowledged: f.acknowledged!,
  };
  if (f.reviewState !== undefined) out.reviewState = f.reviewState;
  if (f.confirmedMs !== undefined) out.confirmedMs = f.confirmedMs;
  return out;
};
const days = fc.constantFrom(...RETENTION_CHOICES);

describe('isRecordDue', () => {
  it('is due exactly when every condition holds', () => {
    fc.assert(
      fc.property(facts, days, fc.integer({ min: 0, max: 5e12 }), (f, d, now) => {
        const x = clean(f);
        const expected =
          (RETAINED_KINDS as readonly string[]).includes(x.kind) &&
          !x.deleted &&
          !x.retained &&
          x.acknowledged &&
          x.reviewState !== undefined &&
          (CONFIRMING_STATES as readonly string[]).includes(x.reviewState) &&
          x.confirmedMs !== undefined &&
          now - x.confirmedMs >= d * DAY;
        expect(isRecordDue(x, now, d)).toBe(expected);
      }),
    );
  });

  it('never deletes what the server has not acknowledged', () => {
    fc.assert(
      fc.property(facts, days, fc.integer({ min: 0, max: 5e12 }), (f, d, now) => {
        expect(isRecordDue({ ...clean(f), acknowledged: false }, now, d)).toBe(false);
      }),
    );
  });

  it('is monotonic in time: once due, due later too; never due before the period', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...RETAINED_KINDS),
        fc.constantFrom(...CONFIRMING_STATES),
        fc.integer({ min: 0, max: 2e12 }),
        fc.integer({ min: 0, max: 200 * DAY }),
        fc.integer({ min: 0, max: 200 * DAY }),
        days,
        (kind, state, confirmedMs, a, b, d) => {
          const x: RecordRetentionFacts = {
            kind,
            deleted: false,
            retained: false,
            acknowledged: true,
            reviewState: state,
            confirmedMs,
          };
          const [early, late] = a <= b ? [a, b] : [b, a];
          if (isRecordDue(x, confirmedMs + early, d)) {
            expect(isRecordDue(x, confirmedMs + late, d)).toBe(true);
          }
          expect(isRecordDue(x, confirmedMs + d * DAY - 1, d)).toBe(false);
          expect(isRecordDue(x, confirmedMs + d * DAY, d)).toBe(true);
        },
      ),
    );
  });

  it('waits while the coordinator asks for a correction', () => {
    const x: RecordRetentionFacts = {
      kind: 'screening',
      deleted: false,
      retained: false,
      acknowledged: true,
      reviewState: 'needs_correction',
      confirmedMs: 0,
    };
    expect(isRecordDue(x, 365 * DAY, 7)).toBe(false);
  });
});

describe('isDraftDue', () => {
  it('expires drafts of the sensitive kinds only, after the period since the last edit', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...RECORD_KINDS),
        fc.integer({ min: 0, max: 2e12 }),
        fc.integer({ min: -DAY, max: 200 * DAY }),
        days,
        (kind, updatedMs, elapsed, d) => {
          const sensitive = (RETAINED_KINDS as readonly string[]).includes(kind);
          expect(isDraftDue(kind, updatedMs, updatedMs + elapsed, d)).toBe(
            sensitive && elapsed >= d * DAY,
          );
        },
      ),
    );
  });
});

describe('retainedPayload', () => {
  it('keeps only the summary fields, whatever else the payload holds', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...RETAINED_KINDS),
        fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue()),
        (kind, extra) => {
          const kept = retainedPayload(kind, {
            ...extra,
            situation: 'Dibawa calo bernama Pak Darmowiyono',
          });
          const allowed: Record<string, string[]> = {
            screening: ['subjectInitials', 'screenedOn'],
            psychosocial_support: ['subjectInitials', 'supportDate'],
            referral: ['targets', 'referredOn'],
          };
          for (const key of Object.keys(kept)) expect(allowed[kind]).toContain(key);
          expect(JSON.stringify(kept)).not.toContain('Darmowiyono');
        },
      ),
    );
  });

  it('keeps initials and date of a screening, drops initials of a declined consent', () => {
    expect(
      retainedPayload('screening', {
        subjectInitials: 'S.R.',
        screenedOn: '2026-12-02',
        situation: 'x',
        consent: 'agreed',
      }),
    ).toEqual({ subjectInitials: 'S.R.', screenedOn: '2026-12-02' });
    expect(
      retainedPayload('psychosocial_support', {
        subjectInitials: 'S.R.',
        supportDate: '2026-12-02',
        consent: 'declined',
      }),
    ).toEqual({ supportDate: '2026-12-02' });
    expect(retainedSummaryParts('screening', { screenedOn: '2026-12-02' })).toEqual([
      { text: '—', identifying: true },
      { date: '2026-12-02' },
    ]);
  });
});

describe('retentionDays', () => {
  it('takes a choice and falls back to the default otherwise', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        const d = retentionDays(v);
        expect((RETENTION_CHOICES as readonly number[]).includes(d)).toBe(true);
        if (!(RETENTION_CHOICES as readonly unknown[]).includes(v)) {
          expect(d).toBe(DEFAULT_RETENTION_DAYS);
        }
      }),
    );
  });
});
