// Admission control of pushes (src/server/admission): a push takes a processing slot only once its
// body has arrived, so slow uploads hold none; each device has at most 2 pushes in flight, a push
// rate and a daily byte quota (429 + Retry-After); a body has a deadline (408); absurd key counts
// are refused before validation. Runs on SQLite (memory store) and PostgreSQL (database store).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { validateRecordPayload } from '../../src/domain';
import { DEFAULT_MAX_CONCURRENT_PUSHES } from '../../src/server/httpApp';
import { Hono } from 'hono';
import {
  admittedBody,
  createPushAdmission,
  DEFAULT_PUSH_ADMISSION,
} from '../../src/server/admission/pushAdmission';
import { MemoryAdmissionStore } from '../../src/server/admission/store';
import { Slots } from '../../src/server/admission/slots';
import { createTestApp, enrollDevice, envelope, push, type TestApp } from './helpers';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** A push whose body arrives only when `finish()` is called. */
function stalledPush(
  app: TestApp['app'],
  token: string,
  records: unknown[],
): { answer: Promise<Response>; finish(): void } {
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
    app.request('/api/v1/sync/push', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body,
      duplex: 'half',
    } as RequestInit),
  );
  return { answer, finish: () => finish() };
}

/** Lets the app's handlers run up to their next await on the stalled bodies. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

async function errorCode(response: Response): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

describe('slow uploads', () => {
  it('8 slow uploads (8 devices) hold no processing slot: a ninth device is served at once', async () => {
    t = await createTestApp({ maxConcurrentPushes: 8 });
    const app = t.app;
    const slow = [];
    for (let i = 0; i < 8; i += 1) {
      const { token } = await enrollDevice(t, `lambat ${i}`);
      slow.push(stalledPush(app, token, [envelope()]));
    }
    await settle();
    const { token } = await enrollDevice(t, 'cepat');
    const started = performance.now();
    const fast = await push(app, token, [envelope()]);
    expect(fast.status).toBe(200);
    expect(fast.body.results[0]?.status).toBe('stored');
    // Served without waiting for any of the slow ones (generous bound for a loaded machine).
    expect(performance.now() - started).toBeLessThan(5_000);
    for (const upload of slow) upload.finish();
    const answers = await Promise.all(slow.map((upload) => upload.answer));
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(200));
  });

  it('is cut off with 408 once its body misses the deadline, and its slot is free again', async () => {
    t = await createTestApp({ admission: { bodyDeadlineMs: 300 } });
    const { token } = await enrollDevice(t);
    const stalled = stalledPush(t.app, token, [envelope()]);
    const answer = await stalled.answer;
    expect(answer.status).toBe(408);
    expect(await errorCode(answer)).toBe('body_timeout');
    // Both of the device's in-flight places are free again.
    const again = await Promise.all([
      push(t.app, token, [envelope()]),
      push(t.app, token, [envelope()]),
    ]);
    expect(again.map((r) => r.status)).toEqual([200, 200]);
  });
});

describe('one device', () => {
  it('has at most 2 pushes in flight: a third is 429 device_busy until one finishes', async () => {
    t = await createTestApp();
    const { token } = await enrollDevice(t);
    const other = await enrollDevice(t, 'lain');
    const first = stalledPush(t.app, token, [envelope()]);
    const second = stalledPush(t.app, token, [envelope()]);
    await settle();
    const third = await t.app.request('/api/v1/sync/push', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ records: [envelope()] }),
    });
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await errorCode(third)).toBe('device_busy');
    // Another device is not affected.
    expect((await push(t.app, other.token, [envelope()])).status).toBe(200);
    first.finish();
    second.finish();
    expect((await Promise.all([first.answer, second.answer])).map((r) => r.status)).toEqual([
      200, 200,
    ]);
    expect((await push(t.app, token, [envelope()])).status).toBe(200);
  });

  it('has a daily byte quota: 429 quota_exceeded with Retry-After, other devices unaffected', async () => {
    const one = JSON.stringify({ records: [envelope()] }).length;
    t = await createTestApp({ admission: { bytesPerDay: one * 2 + 10 } });
    const { token } = await enrollDevice(t);
    const other = await enrollDevice(t, 'lain');
    expect((await push(t.app, token, [envelope()])).status).toBe(200);
    expect((await push(t.app, token, [envelope()])).status).toBe(200);
    const refused = await t.app.request('/api/v1/sync/push', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ records: [envelope()] }),
    });
    expect(refused.status).toBe(429);
    expect(await errorCode(refused)).toBe('quota_exceeded');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(86_400);
    expect((await push(t.app, other.token, [envelope()])).status).toBe(200);
  });

  it('has a push rate per minute, counted in windows that end', async () => {
    let now = Date.parse('2026-12-01T10:00:05Z');
    t = await createTestApp({ admission: { pushesPerMinute: 3 }, now: () => new Date(now) });
    const { token } = await enrollDevice(t);
    for (let i = 0; i < 3; i += 1)
      expect((await push(t.app, token, [envelope()])).status).toBe(200);
    const refused = await t.app.request('/api/v1/sync/push', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ records: [envelope()] }),
    });
    expect(refused.status).toBe(429);
    expect(await errorCode(refused)).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBe(55);
    now += 55_000;
    expect((await push(t.app, token, [envelope()])).status).toBe(200);
  });
});

describe('absurd bodies', () => {
  it('are refused before validation: too many keys in one object, too many values', async () => {
    const validate = vi.fn(validateRecordPayload);
    t = await createTestApp({ validatePayload: validate });
    const { token } = await enrollDevice(t);
    const wide = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]));
    const manyKeys = await push(t.app, token, [envelope({ payload: wide })]);
    expect(manyKeys.status).toBe(400);
    expect(JSON.stringify(manyKeys.body)).toMatch(/keys/);
    const deep = Array.from({ length: 200 }, () =>
      envelope({ payload: { note: Array.from({ length: 1500 }, () => 0) } as never }),
    );
    const manyValues = await push(t.app, token, deep);
    expect(manyValues.status).toBe(400);
    expect(JSON.stringify(manyValues.body)).toMatch(/values/);
    expect(validate).not.toHaveBeenCalled();
    // A normal push still passes through validation.
    expect((await push(t.app, token, [envelope()])).status).toBe(200);
    expect(validate).toHaveBeenCalled();
  });
});

describe('processing slots', () => {
  it('bound pushes being validated and stored; arrived pushes queue briefly, then 429 busy', async () => {
    // The middleware alone, in front of a handler that holds its slot until released.
    let open = (): void => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const admission = createPushAdmission({
      store: new MemoryAdmissionStore(),
      maxBodyBytes: 1024,
      limits: { maxConcurrent: 2, queueWaitMs: 300 },
    });
    const app = new Hono<{ Variables: { deviceId?: string } }>();
    app.post(
      '/push',
      async (c, next) => {
        c.set('deviceId', c.req.header('x-device') ?? '');
        await next();
      },
      admission.middleware,
      async (c) => {
        await gate;
        return c.json({ body: admittedBody(c) });
      },
    );
    const send = (device: string) =>
      Promise.resolve(
        app.request('/push', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Device': device },
          body: JSON.stringify({ from: device }),
        }),
      );
    const holding = [send('a'), send('b')];
    await settle();
    expect(admission.stats()).toMatchObject({ processing: 2, queued: 0 });
    const refused = await send('c');
    expect(refused.status).toBe(429);
    expect(await errorCode(refused)).toBe('busy');
    const waiting = send('d');
    await settle();
    expect(admission.stats().queued).toBe(1);
    open();
    const answers = await Promise.all([...holding, waiting]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await answers[2]!.json()).toEqual({ body: { from: 'd' } });
    expect(admission.stats()).toEqual({ processing: 0, queued: 0, reading: 0 });
  });

  it('Slots: FIFO, bounded queue, bounded wait, the slot passes to the oldest waiter', async () => {
    const slots = new Slots(1, 2);
    const first = await slots.acquire(0);
    expect(first).toBeDefined();
    expect(await slots.acquire(0)).toBeUndefined();
    const order: string[] = [];
    const a = slots.acquire(1_000).then((r) => (order.push('a'), r));
    const b = slots.acquire(1_000).then((r) => (order.push('b'), r));
    expect(slots.queued).toBe(2);
    expect(await slots.acquire(1_000)).toBeUndefined(); // queue full
    first?.();
    (await a)?.();
    (await b)?.();
    expect(order).toEqual(['a', 'b']);
    expect(slots.inUse).toBe(0);
    const held = await slots.acquire(0);
    expect(await slots.acquire(30)).toBeUndefined(); // waited, timed out
    held?.();
  });

  it('gives the slot back whatever the answer (errors included)', async () => {
    t = await createTestApp({ maxConcurrentPushes: 2 });
    const { token } = await enrollDevice(t);
    for (let i = 0; i < 6; i += 1) {
      expect((await push(t.app, token, [])).status).toBe(400);
      expect((await push(t.app, 'x'.repeat(43), [envelope()])).status).toBe(401);
    }
    const admitted = await Promise.all(
      Array.from({ length: 2 }, () => push(t!.app, token, [envelope()])),
    );
    expect(admitted.map((answer) => answer.status)).toEqual([200, 200]);
  });

  it('defaults to small bounds', () => {
    expect(DEFAULT_MAX_CONCURRENT_PUSHES).toBeGreaterThanOrEqual(2);
    expect(DEFAULT_MAX_CONCURRENT_PUSHES).toBeLessThanOrEqual(16);
    expect(DEFAULT_PUSH_ADMISSION.perDeviceInFlight).toBe(2);
    expect(DEFAULT_PUSH_ADMISSION.bodyDeadlineMs).toBe(60_000);
  });
});
