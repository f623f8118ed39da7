// Backpressure: ingest runs one push at a time on one SQLite connection, so the server handles at
// most maxConcurrentPushes pushes at once (bodies being read, parsed, validated or waiting) and
// answers the rest 429 with Retry-After, which the contract tells phones to honour with jitter.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_MAX_CONCURRENT_PUSHES } from '../../src/server/httpApp';
import { createTestApp, enrollDevice, envelope, push, type TestApp } from './helpers';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const LIMIT = 2;

let t: TestApp;
let token: string;
beforeEach(async () => {
  t = await createTestApp({ maxConcurrentPushes: LIMIT });
  token = (await enrollDevice(t)).token;
});
afterEach(async () => {
  await t.close();
});

/** A push whose body arrives only when `finish()` is called: the request holds its slot until then. */
function stalledPush(records: unknown[]): { answer: Promise<Response>; finish(): void } {
  const bytes = new TextEncoder().encode(JSON.stringify({ records }));
  let finish = (): void => undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes.subarray(0, 10));
      finish = () => {
        controller.enqueue(bytes.subarray(10));
        controller.close();
      };
    },
  });
  const answer = Promise.resolve(
    t.app.request('/api/v1/sync/push', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body,
      duplex: 'half',
    } as RequestInit),
  );
  return { answer, finish: () => finish() };
}

/** Lets the app's handlers run up to their next await on the stalled bodies. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('concurrent pushes beyond the limit', () => {
  it('are answered 429 with Retry-After, and served again once a slot is free', async () => {
    const records = [envelope(), envelope()];
    const first = stalledPush([records[0]]);
    const second = stalledPush([records[1]]);
    await settle();

    const refused = await push(t.app, token, [envelope()]);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ error: { code: 'busy', message: expect.any(String) } });
    const raw = await t.app.request('/api/v1/sync/push', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ records: [envelope()] }),
    });
    expect(raw.status).toBe(429);
    expect(Number(raw.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    first.finish();
    second.finish();
    const answers = await Promise.all([first.answer, second.answer]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    const stored = await t.opened.db.selectFrom('record_revisions').select('id').execute();
    // Only the two admitted pushes were stored; the refused ones left nothing behind.
    expect(stored.map((row) => row.id).sort()).toEqual(records.map((r) => r.id).sort());

    // The slots were given back: pushes are served again.
    expect((await push(t.app, token, [envelope()])).status).toBe(200);
  });

  it('gives the slot back whatever the answer (errors included)', async () => {
    for (let i = 0; i < LIMIT * 3; i += 1) {
      expect((await push(t.app, token, [])).status).toBe(400);
      expect((await push(t.app, 'x'.repeat(43), [envelope()])).status).toBe(401);
    }
    const admitted = await Promise.all(
      Array.from({ length: LIMIT }, () => push(t.app, token, [envelope()])),
    );
    expect(admitted.map((answer) => answer.status)).toEqual(Array(LIMIT).fill(200));
  });

  it('defaults to a small bound', () => {
    expect(DEFAULT_MAX_CONCURRENT_PUSHES).toBeGreaterThanOrEqual(2);
    expect(DEFAULT_MAX_CONCURRENT_PUSHES).toBeLessThanOrEqual(16);
  });
});
