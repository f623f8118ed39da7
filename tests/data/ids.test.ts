import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newRecordId } from '../../src/data';
import { uuidV7Time } from '../../src/data/ids';
import { envelopeSchema } from '../../src/domain/envelope';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newRecordId (UUID v7)', () => {
  it('has the RFC 9562 layout: version 7, variant 10, the ms timestamp first', () => {
    const before = Date.now();
    const id = newRecordId();
    const after = Date.now();
    expect(id).toMatch(UUID_V7);
    const hex = id.replace(/-/g, '');
    expect(parseInt(hex[12]!, 16)).toBe(7);
    expect(parseInt(hex[16]!, 16) >> 2).toBe(0b10);
    expect(uuidV7Time(id)).toBeGreaterThanOrEqual(before);
    expect(uuidV7Time(id)).toBeLessThanOrEqual(after);
    expect(envelopeSchema.shape.id.safeParse(id).success).toBe(true);
  });

  it('encodes any 48-bit timestamp', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), (ms) => {
        const id = newRecordId(ms);
        expect(id).toMatch(UUID_V7);
        expect(uuidV7Time(id)).toBeGreaterThanOrEqual(ms);
      }),
    );
  });

  it('orders ids created within one millisecond (and across ms) by creation', () => {
    const ms = Date.UTC(2026, 10, 30, 2, 15);
    const sameMs = Array.from({ length: 1000 }, () => newRecordId(ms));
    expect(new Set(sameMs).size).toBe(1000);
    expect([...sameMs].sort()).toEqual(sameMs);
    const later = [newRecordId(ms + 1), newRecordId(ms + 2), newRecordId(ms + 2)];
    const all = [...sameMs, ...later];
    expect([...all].sort()).toEqual(all);
    for (const id of all) expect(id).toMatch(UUID_V7);
  });

  it('stays ordered when the clock goes back', () => {
    const a = newRecordId(Date.UTC(2026, 10, 30, 3));
    const b = newRecordId(Date.UTC(2026, 10, 30, 2));
    expect(b > a).toBe(true);
  });
});
