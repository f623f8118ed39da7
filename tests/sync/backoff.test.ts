import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BACKOFF_BASE_MS,
  BACKOFF_CAP_MS,
  backoffDelay,
  parseRetryAfter,
  retryDelay,
} from '../../src/sync/backoff';

describe('backoffDelay (full jitter)', () => {
  it('stays within [0, min(cap, base·2^attempt)] for any attempt and random value', () => {
    fc.assert(
      fc.property(
        fc.nat(10_000),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, r) => {
          const delay = backoffDelay(attempt, () => r);
          const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(ceiling);
          expect(Number.isFinite(delay)).toBe(true);
        },
      ),
    );
  });

  it('scales the random value over the whole range (full jitter, not equal jitter)', () => {
    expect(backoffDelay(0, () => 0)).toBe(0);
    expect(backoffDelay(0, () => 0.5)).toBe(500);
    expect(backoffDelay(3, () => 0.5)).toBe(4_000);
    expect(backoffDelay(3, () => 0.999_999)).toBe(7_999);
  });

  it('doubles from 1 s and stops growing at the 5-minute cap', () => {
    const ceilings = [0, 1, 2, 8, 9, 40, 5_000].map((a) => backoffDelay(a, () => 0.999_999_999));
    expect(ceilings).toEqual([999, 1_999, 3_999, 255_999, 299_999, 299_999, 299_999]);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-30T02:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter('Mon, 30 Nov 2026 02:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 30 Nov 2026 01:00:00 GMT', now)).toBe(0);
  });

  it('ignores absent or unparseable values', () => {
    for (const value of [null, undefined, '', 'soon', '-5', '1.5', 'Mon, 99 Foo 2026']) {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    }
  });

  it('never throws on arbitrary header text', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const ms = parseRetryAfter(value, now);
        expect(ms === undefined || (Number.isFinite(ms) && ms >= 0)).toBe(true);
      }),
    );
  });
});

describe('retryDelay', () => {
  it('waits at least Retry-After even when the jitter is smaller', () => {
    fc.assert(
      fc.property(
        fc.nat(40),
        fc.nat(600_000),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (attempt, after, r) => {
          const delay = retryDelay(attempt, () => r, after);
          expect(delay).toBeGreaterThanOrEqual(after);
          expect(delay).toBe(
            Math.max(
              after,
              backoffDelay(attempt, () => r),
            ),
          );
        },
      ),
    );
  });

  it('is the jittered backoff without Retry-After', () => {
    expect(retryDelay(2, () => 0.25, undefined)).toBe(1_000);
  });
});
