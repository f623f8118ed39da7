// Untrusted input to the v2 endpoints never gets a 5xx (fast-check): random bodies, envelopes
// mutated around valid sealed ones (meta, sealed, recipients), random feed queries and enroll
// bodies. Every answer is JSON; every pushed element gets exactly one well-formed result.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RECORD_KINDS } from '../../src/domain';
import { pushResponseV2Schema, type EnvelopeV2 } from '../../src/domain/contract';
import { createTestApp, type TestApp } from './helpers';
import { createDistrictKey, enrollV2, sealedEnvelope, type V2Phone } from './coordinator';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 30_000 });

let t: TestApp;
let phone: V2Phone;
let bases: EnvelopeV2[];
const errors: unknown[] = [];

beforeAll(async () => {
  t = await createTestApp({
    rateLimits: {
      push: { limit: 1_000_000, windowMs: 60_000 },
      enroll: { limit: 1_000_000, windowMs: 60_000 },
    },
    onError: (error) => errors.push(error),
  });
  await createDistrictKey(t);
  phone = await enrollV2(t);
  bases = await Promise.all(
    RECORD_KINDS.map((kind) => sealedEnvelope(phone.districtKeys, { kind })),
  );
});
afterAll(async () => {
  expect(errors).toEqual([]);
  await t.close();
});

async function send(url: string, init: RequestInit, token = phone.token): Promise<Response> {
  const response = await t.app.request(url, {
    ...init,
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${token}`,
      ...init.headers,
    },
  });
  expect(response.status).toBeLessThan(500);
  const text = await response.text();
  expect(() => JSON.parse(text) as unknown).not.toThrow();
  return new Response(text, { status: response.status });
}

const junk = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, '', 0, -1, 1.5, 2 ** 60, [], {}, '__proto__', 'A'.repeat(22)),
);

const mutated = fc
  .record({
    base: fc.nat({ max: RECORD_KINDS.length - 1 }),
    drop: fc.subarray(['id', 'kind', 'rev', 'meta', 'sealed', 'deleted', 'createdAt']),
    top: fc.dictionary(
      fc.constantFrom('kind', 'rev', 'meta', 'sealed', 'deleted', 'payload', 'extra'),
      junk,
      {
        maxKeys: 2,
      },
    ),
    meta: fc.dictionary(fc.string({ maxLength: 12 }), junk, { maxKeys: 2 }),
    sealed: fc.dictionary(fc.constantFrom('v', 'iv', 'ct', 'recipients'), junk, { maxKeys: 2 }),
  })
  .map(({ base, drop, top, meta, sealed }) => {
    const record: Record<string, unknown> = structuredClone(bases[base] as EnvelopeV2);
    record.id = crypto.randomUUID();
    for (const key of drop) delete record[key];
    // Clones: fast-check may hand the same constant object to several places.
    Object.assign(record, structuredClone(top));
    if (typeof record.meta === 'object' && record.meta !== null)
      Object.assign(record.meta, structuredClone(meta));
    if (typeof record.sealed === 'object' && record.sealed !== null)
      Object.assign(record.sealed, structuredClone(sealed));
    return record;
  });

describe('v2 endpoints under random input', () => {
  it('push: one well-formed result per record, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutated, { minLength: 1, maxLength: 8 }), async (records) => {
        const response = await send('/api/v2/sync/push', {
          method: 'POST',
          body: JSON.stringify({ records }),
        });
        if (response.status !== 200) return;
        const body = pushResponseV2Schema.parse(await response.json());
        expect(body.results).toHaveLength(records.length);
      }),
      { numRuns: 60 },
    );
  });

  it('push, enroll and feed: random bodies and queries never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.json(),
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify({ records: v })),
        ),
        fc.constantFrom('/api/v2/sync/push', '/api/v2/devices/enroll'),
        async (body, url) => {
          await send(url, { method: 'POST', body });
        },
      ),
      { numRuns: 80 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 40 }),
        fc.string({ maxLength: 8 }),
        async (after, limit) => {
          await send(
            `/api/v2/sync/feed?after=${encodeURIComponent(after)}&limit=${encodeURIComponent(limit)}`,
            { method: 'GET' },
          );
        },
      ),
      { numRuns: 80 },
    );
  });
});
