// Untrusted input never gets a 5xx: random JSON bodies, random envelopes built around valid ones,
// random headers and content types (fast-check).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RECORD_KINDS } from '../../src/domain';
import { createTestApp, enrollDevice, envelope, examplePayload, type TestApp } from './helpers';

// The machine is shared (2 cores): allow for slow fsyncs and process start-up under load.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let t: TestApp;
let token: string;
const errors: unknown[] = [];

beforeAll(async () => {
  t = await createTestApp({
    rateLimits: {
      push: { limit: 1_000_000, windowMs: 60_000 },
      enroll: { limit: 1_000_000, windowMs: 60_000 },
    },
    onError: (error) => errors.push(error),
  });
  ({ token } = await enrollDevice(t));
});
afterAll(async () => {
  await t.close();
});

async function send(url: string, init: RequestInit): Promise<Response> {
  const response = await t.app.request(url, init);
  // Every API answer is JSON, whatever was sent.
  const text = await response.text();
  if (url.startsWith('/api/') && response.status !== 204 && init.method !== 'HEAD')
    expect(() => JSON.parse(text) as unknown).not.toThrow();
  return response;
}

const jsonText = fc.oneof(
  fc.json(),
  fc.jsonValue().map((value) => JSON.stringify({ records: value })),
  fc.string(),
  fc.array(fc.jsonValue(), { maxLength: 5 }).map((records) => JSON.stringify({ records })),
);

/** A value that is sometimes right for a field and often not. */
const junk = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    null,
    '',
    0,
    -1,
    1.5,
    Number.MAX_SAFE_INTEGER,
    2 ** 60,
    'NaN',
    [],
    {},
    '__proto__',
    '2026-13-45',
  ),
);

/** Envelopes near the valid ones: fields dropped or replaced, payload fields mutated. */
const mutatedEnvelope = fc
  .record({
    base: fc.constantFrom(...RECORD_KINDS).map((kind) => envelope({ kind })),
    drop: fc.subarray([
      'id',
      'kind',
      'schemaVersion',
      'rev',
      'createdAt',
      'updatedAt',
      'deleted',
      'payload',
    ]),
    replace: fc.dictionary(
      fc.constantFrom(
        'kind',
        'schemaVersion',
        'rev',
        'createdAt',
        'updatedAt',
        'deleted',
        'payload',
        'extra',
      ),
      junk,
      { maxKeys: 3 },
    ),
    payloadReplace: fc.dictionary(
      fc.constantFrom(...Object.keys(examplePayload()), 'unknownField'),
      junk,
      {
        maxKeys: 4,
      },
    ),
  })
  .map(({ base, drop, replace, payloadReplace }) => {
    const record: Record<string, unknown> = { ...base, ...replace };
    record.payload =
      typeof record.payload === 'object' &&
      record.payload !== null &&
      !Array.isArray(record.payload)
        ? { ...record.payload, ...payloadReplace }
        : record.payload;
    for (const key of drop) delete record[key];
    return record;
  });

describe('fast-check: bad input never gets a 5xx', () => {
  it('random bodies to every POST endpoint', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/api/v1/sync/push', '/api/v1/devices/enroll'),
        jsonText,
        fc.boolean(),
        async (url, body, withToken) => {
          const response = await send(url, {
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              ...(withToken ? { Authorization: `Bearer ${token}` } : {}),
            },
            body,
          });
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('random envelopes get one well-formed result each, in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            mutatedEnvelope,
            fc.constant(null).map(() => envelope()),
          ),
          { minLength: 1, maxLength: 8 },
        ),
        async (records) => {
          const response = await send('/api/v1/sync/push', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
            body: JSON.stringify({ records }),
          });
          expect(response.status).toBeLessThan(500);
          const answer = await t.app.request('/api/v1/sync/push', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
            body: JSON.stringify({ records }),
          });
          if (answer.status !== 200) {
            expect(answer.status).toBe(400);
            return;
          }
          const { results } = (await answer.json()) as {
            results: { id: string; rev: number; status: string; error?: { code: string } }[];
          };
          expect(results.map((r) => [r.id, r.rev])).toEqual(records.map((r) => [r.id, r.rev]));
          for (const result of results) {
            expect(['stored', 'duplicate', 'stale', 'rejected']).toContain(result.status);
            // The second send of the same batch never stores anything new.
            expect(result.status).not.toBe('stored');
            if (result.status === 'rejected') expect(typeof result.error?.code).toBe('string');
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('random methods, paths, headers and content types', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
        fc.oneof(
          fc.constantFrom(
            '/api/v1/sync/push',
            '/api/v1/devices/enroll',
            '/api/v1/health',
            '/api/v1/schemas',
            '/',
          ),
          fc.webPath(),
        ),
        fc.oneof(
          fc.constantFrom(
            'application/json',
            'application/json; charset=utf-16',
            'text/plain',
            'multipart/form-data',
            '',
          ),
          fc.string({ maxLength: 40 }),
        ),
        fc.oneof(
          fc.constant(`Bearer ${token}`),
          fc.string({ maxLength: 60 }).map((s) => `Bearer ${s}`),
          fc.string({ maxLength: 60 }),
        ),
        fc.option(fc.oneof(fc.nat().map(String), fc.string({ maxLength: 12 }))),
        fc.string({ maxLength: 200 }),
        async (method, url, contentType, authorization, contentLength, body) => {
          const headers = new Headers();
          for (const [name, value] of [
            ['Content-Type', contentType],
            ['Authorization', authorization],
            ['Content-Length', contentLength ?? ''],
          ] as const) {
            try {
              headers.set(name, value);
            } catch {
              // Not a valid header value: a real client could not send it either.
            }
          }
          const response = await send(url.startsWith('/') ? url : `/${url}`, {
            method,
            headers,
            ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
          });
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: 300 },
    );
    expect(errors).toEqual([]);
  });
});
