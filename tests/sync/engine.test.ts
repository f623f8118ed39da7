import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_PUSH_BYTES, MAX_PUSH_RECORDS, type RecordEnvelope } from '../../src/domain/envelope';
import {
  fitBatch,
  pushBodyBytes,
  type LockManagerLike,
  type SyncStatus,
} from '../../src/sync/engine';
import { MemoryBackend, makeHarness, syncOnce } from './fakes';

/** Polls until `condition` holds (the engine runs on promises; no fixed sleeps). */
async function eventually(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}

function respond(status: number, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ error: { code: 'x', message: 'x' } }), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** A handler that answers the first N pushes with `status`, then forwards to the backend. */
function failFirst(
  backend: MemoryBackend,
  statuses: number[],
  headers: Record<string, string> = {},
) {
  const queue = [...statuses];
  return async (request: Request): Promise<Response> => {
    const next = queue.shift();
    if (next === undefined) return backend.handle(request);
    if (next === 0) throw new TypeError('fetch failed');
    return respond(next, headers);
  };
}

describe('batching', () => {
  it('sends at most 200 records per request, oldest first, until the outbox is empty', async () => {
    const backend = new MemoryBackend();
    const h = makeHarness(backend.handle);
    const ids = Array.from({ length: 450 }, () => h.outbox.save().id);
    await syncOnce(h.engine);
    expect(h.requests.map((r) => r.records)).toEqual([200, 200, 50]);
    expect(backend.history.map((e) => e.id)).toEqual(ids);
    expect(await h.outbox.count()).toBe(0);
    expect(h.engine.getStatus()).toMatchObject({ phase: 'idle', pending: 0 });
    expect(h.engine.getStatus().lastSyncAt).toBeDefined();
  });

  it('keeps every request body within 1 MiB', async () => {
    const backend = new MemoryBackend();
    const h = makeHarness(backend.handle);
    for (let i = 0; i < 60; i++) h.outbox.save(undefined, { note: 'x'.repeat(100_000) });
    await syncOnce(h.engine);
    expect(h.requests.length).toBeGreaterThan(5);
    for (const r of h.requests) expect(r.bytes).toBeLessThanOrEqual(MAX_PUSH_BYTES);
    expect(backend.history).toHaveLength(60);
  });

  it('fitBatch returns the longest prefix within both limits', () => {
    const make = (size: number): RecordEnvelope => ({
      id: '0192f1a6-0000-7000-8000-000000000000',
      kind: 'migrant',
      schemaVersion: 1,
      rev: 1,
      createdAt: '2026-11-30T09:15:00+07:00',
      updatedAt: '2026-11-30T09:15:00+07:00',
      deleted: false,
      payload: { note: 'é'.repeat(size) },
    });
    fc.assert(
      fc.property(fc.array(fc.nat(300_000), { maxLength: 260 }), (sizes) => {
        const records = sizes.map(make);
        const batch = fitBatch(records);
        expect(batch).toEqual(records.slice(0, batch.length));
        expect(batch.length).toBeLessThanOrEqual(MAX_PUSH_RECORDS);
        if (batch.length > 1) expect(pushBodyBytes(batch)).toBeLessThanOrEqual(MAX_PUSH_BYTES);
        if (records.length > 0) expect(batch.length).toBeGreaterThan(0);
        // Maximal: one more record would break a limit.
        if (batch.length < records.length && batch.length < MAX_PUSH_RECORDS) {
          expect(pushBodyBytes(records.slice(0, batch.length + 1))).toBeGreaterThan(MAX_PUSH_BYTES);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('pushBodyBytes equals the UTF-8 length of the request body', () => {
    const h = makeHarness(new MemoryBackend().handle);
    const records = [h.outbox.save(undefined, { note: 'ñ€𝄞' }), h.outbox.save()];
    const body = JSON.stringify({ records });
    expect(pushBodyBytes(records)).toBe(new TextEncoder().encode(body).length);
  });
});

describe('413 and 400: splitting', () => {
  it('halves a batch the server finds too large until it fits', async () => {
    const backend = new MemoryBackend();
    // A server with a smaller limit than the contract's: 413 for more than 30 records.
    const h = makeHarness(async (request) => {
      const clone = request.clone();
      const body = (await clone.json()) as { records: unknown[] };
      return body.records.length > 30 ? respond(413) : backend.handle(request);
    });
    for (let i = 0; i < 100; i++) h.outbox.save();
    await syncOnce(h.engine);
    expect(backend.history).toHaveLength(100);
    expect(Math.max(...backend.pushes)).toBeLessThanOrEqual(30);
    expect(h.logs.some((l) => l.event === 'split' && l.httpStatus === 413)).toBe(true);
    expect(await h.outbox.count()).toBe(0);
  });

  it('marks a single record that still gets 413 rejected (too_large) and sends the others', async () => {
    const backend = new MemoryBackend();
    const h = makeHarness(async (request) => {
      const text = await request.clone().text();
      return text.includes('HUGE') ? respond(413) : backend.handle(request);
    });
    const before = Array.from({ length: 5 }, () => h.outbox.save().id);
    const huge = h.outbox.save(undefined, { note: 'HUGE' }).id;
    const after = Array.from({ length: 5 }, () => h.outbox.save().id);
    await syncOnce(h.engine);
    expect(h.outbox.state(huge)).toBe('rejected');
    expect(h.outbox.records.get(huge)?.error?.code).toBe('too_large');
    for (const id of [...before, ...after]) expect(h.outbox.state(id)).toBe('synced');
    expect(backend.history).toHaveLength(10);
    expect(h.engine.getStatus()).toMatchObject({ phase: 'idle', pending: 0 });
  });

  it('rejects a record over 1 MiB locally without sending it', async () => {
    const backend = new MemoryBackend();
    const h = makeHarness(backend.handle);
    const huge = h.outbox.save(undefined, { note: 'x'.repeat(MAX_PUSH_BYTES) }).id;
    const small = h.outbox.save().id;
    await syncOnce(h.engine);
    expect(h.outbox.state(huge)).toBe('rejected');
    expect(h.outbox.records.get(huge)?.error?.code).toBe('too_large');
    expect(h.outbox.state(small)).toBe('synced');
    expect(h.requests.every((r) => r.records === 1)).toBe(true);
  });

  it('isolates the record behind a whole-batch 400 and sends the rest', async () => {
    const backend = new MemoryBackend();
    const h = makeHarness(backend.handle);
    const ids = Array.from({ length: 20 }, () => h.outbox.save().id);
    // Not a UUID: the backend answers 400 for any request carrying it.
    const bad = h.outbox.save('not-a-uuid').id;
    ids.push(...Array.from({ length: 20 }, () => h.outbox.save().id));
    await syncOnce(h.engine);
    expect(h.outbox.state(bad)).toBe('rejected');
    expect(h.outbox.records.get(bad)?.error?.code).toBe('invalid');
    for (const id of ids) expect(h.outbox.state(id)).toBe('synced');
    expect(backend.history).toHaveLength(40);
  });
});

describe('401 / 403: pause, keep the queue', () => {
  for (const [status, reason] of [
    [401, 'unauthorized'],
    [403, 'device_revoked'],
  ] as const) {
    it(`${status} stops, asks to enroll again and keeps every queued record`, async () => {
      const backend = new MemoryBackend();
      const h = makeHarness(failFirst(backend, [status]));
      const ids = Array.from({ length: 5 }, () => h.outbox.save().id);
      await syncOnce(h.engine);
      expect(h.engine.getStatus()).toMatchObject({
        phase: 'needs_enrollment',
        pending: 5,
        lastErrorKey: `sync:errors.${reason}`,
      });
      expect(h.authFailures).toEqual([reason]);
      expect(h.requests).toHaveLength(1);
      expect(await h.outbox.count()).toBe(5);
      for (const id of ids) expect(h.outbox.records.has(id)).toBe(true);
      // Nothing is in flight any more: the phone shows them as waiting, not "being sent".
      for (const id of ids) expect(h.outbox.state(id)).toBe('pending');

      // Triggers do nothing while paused.
      await syncOnce(h.engine, 'periodic');
      expect(h.requests).toHaveLength(1);

      // Enrolled again (the pause is cleared in meta): everything goes out.
      delete h.meta.paused;
      h.engine.notifyEnrolled();
      await h.engine.whenIdle();
      expect(h.engine.getStatus()).toMatchObject({ phase: 'idle', pending: 0 });
      expect(backend.history.map((e) => e.id)).toEqual(ids);
    });
  }
});

describe('a record edited while its previous rev is in flight', () => {
  it('is not marked synced by the old rev’s answer and its new rev is sent', async () => {
    const backend = new MemoryBackend();
    const h = makeHarness(backend.handle);
    const id = h.outbox.save(undefined, { note: 'first' }).id;
    let edited = false;
    let stateAfterOldAck: string | undefined;
    h.outbox.afterMarkSending = (refs) => {
      if (!edited && refs.some((r) => r.id === id && r.rev === 1)) {
        edited = true;
        h.outbox.save(id, { note: 'second' });
      }
    };
    const applyResults = h.outbox.applyResults.bind(h.outbox);
    h.outbox.applyResults = async (results) => {
      await applyResults(results);
      if (results.some((r) => r.id === id && r.rev === 1)) stateAfterOldAck = h.outbox.state(id);
    };
    await syncOnce(h.engine);
    expect(stateAfterOldAck).toBe('pending');
    expect(backend.history.map((e) => [e.id, e.rev])).toEqual([
      [id, 1],
      [id, 2],
    ]);
    expect(backend.current.get(id)?.rev).toBe(2);
    expect(h.outbox.state(id)).toBe('synced');
    expect(await h.outbox.count()).toBe(0);
  });
});

describe('retries', () => {
  it('backs off with full jitter on network errors, 5xx and 429, then resets after a success', async () => {
    const backend = new MemoryBackend();
    let fail = [0, 500, 503, 502, 429];
    const handler = async (request: Request): Promise<Response> => {
      const next = fail.shift();
      if (next === undefined) return backend.handle(request);
      if (next === 0) throw new TypeError('fetch failed');
      return respond(next);
    };
    const h = makeHarness(handler);
    h.outbox.save();
    await syncOnce(h.engine);
    // random() = 0.5: half of 1 s, 2 s, 4 s, 8 s, 16 s.
    expect(h.sleeps).toEqual([500, 1_000, 2_000, 4_000, 8_000]);
    expect(h.logs.filter((l) => l.event === 'retry').map((l) => l.code)).toEqual([
      'network',
      'server_error',
      'server_error',
      'server_error',
      'rate_limited',
    ]);
    expect(await h.outbox.count()).toBe(0);

    // After the success the next failure starts again from the first step.
    fail = [503];
    h.outbox.save();
    await syncOnce(h.engine);
    expect(h.sleeps.slice(5)).toEqual([500]);
  });

  it('honours Retry-After in seconds and as an HTTP date', async () => {
    const backend = new MemoryBackend();
    const h = makeHarness(failFirst(backend, [429], { 'retry-after': '90' }));
    h.outbox.save();
    await syncOnce(h.engine);
    expect(h.sleeps).toEqual([90_000]);

    const start = Date.parse('2026-11-30T02:00:00Z');
    const h2 = makeHarness(
      failFirst(backend, [503], { 'retry-after': new Date(start + 45_000).toUTCString() }),
    );
    h2.outbox.save();
    await syncOnce(h2.engine);
    expect(h2.sleeps).toEqual([45_000]);
  });

  it('never gives up: 60 failures in a row, capped at 5 minutes, then everything arrives', async () => {
    const backend = new MemoryBackend();
    const h = makeHarness(
      failFirst(
        backend,
        Array.from({ length: 60 }, (_, i) => (i % 2 ? 503 : 0)),
      ),
      {
        random: () => 0.999_999,
      },
    );
    const ids = Array.from({ length: 3 }, () => h.outbox.save().id);
    const seen: SyncStatus[] = [];
    h.engine.subscribe((s) => seen.push(s));
    await syncOnce(h.engine);
    expect(h.sleeps).toHaveLength(60);
    expect(Math.max(...h.sleeps)).toBeLessThanOrEqual(300_000);
    expect(h.sleeps.at(-1)).toBe(299_999);
    expect(seen.some((s) => s.phase === 'waiting_retry' && s.nextAttemptAt !== undefined)).toBe(
      true,
    );
    expect(backend.history.map((e) => e.id)).toEqual(ids);
  });

  it('treats a 200 with an unusable body as retryable and keeps the records', async () => {
    const backend = new MemoryBackend();
    let broken = 2;
    const h = makeHarness(async (request) => {
      if (broken-- > 0) return new Response('<html>captive portal</html>', { status: 200 });
      return backend.handle(request);
    });
    h.outbox.save();
    await syncOnce(h.engine);
    expect(h.logs.filter((l) => l.event === 'retry').map((l) => l.code)).toEqual([
      'invalid_response',
      'invalid_response',
    ]);
    expect(backend.history).toHaveLength(1);
  });

  it('a wake-up (network back) cuts a backoff wait short but not a Retry-After', async () => {
    const backend = new MemoryBackend();
    let clock = Date.parse('2026-11-30T02:00:00Z');
    const waits: { ms: number; woken: boolean }[] = [];
    let release: (() => void) | undefined;
    const h = makeHarness(failFirst(backend, [0, 429], { 'retry-after': '30' }), {
      now: () => clock,
      random: () => 0.999,
      sleep: (ms, signal) =>
        new Promise<void>((resolve) => {
          const entry = { ms, woken: false };
          waits.push(entry);
          release = () => {
            clock += ms;
            resolve();
          };
          signal.addEventListener('abort', () => {
            entry.woken = true;
            resolve();
          });
        }),
    });
    h.outbox.save();
    h.engine.requestSync('test');
    await eventually(() => waits.length === 1);
    h.engine.handleOnline();
    // Woken from the network backoff; the 429 then imposes 30 s, which a wake-up cannot shorten.
    expect(waits[0]?.woken).toBe(true);
    await eventually(() => waits.length === 2);
    expect(waits[1]?.ms).toBeGreaterThanOrEqual(30_000);
    h.engine.handleOnline();
    expect(waits[1]?.woken).toBe(true);
    await eventually(() => waits.length === 3);
    expect(waits[2]?.ms).toBe(30_000);
    release?.();
    await h.engine.whenIdle();
    expect(backend.history).toHaveLength(1);
  });

  it('save and periodic triggers do not cut a backoff wait short', async () => {
    const backend = new MemoryBackend();
    let wake = 0;
    let release: (() => void) | undefined;
    const h = makeHarness(failFirst(backend, [503]), {
      sleep: (_ms, signal) =>
        new Promise<void>((resolve) => {
          release = resolve;
          signal.addEventListener('abort', () => {
            wake += 1;
            resolve();
          });
        }),
    });
    h.outbox.save();
    h.engine.requestSync('test');
    await eventually(() => release !== undefined);
    // A wake-up would abort the wait synchronously.
    h.engine.requestSync('save');
    h.engine.requestSync('periodic');
    expect(wake).toBe(0);
    h.engine.requestSync('manual');
    expect(wake).toBe(1);
    release?.();
    await h.engine.whenIdle();
    expect(backend.history).toHaveLength(1);
  });
});

describe('states without sending', () => {
  it('locked vault: shows locked, keeps the queue, syncs on the next trigger after unlock', async () => {
    const backend = new MemoryBackend();
    const h = makeHarness(backend.handle);
    h.outbox.save();
    let locked = true;
    h.outbox.guard = () => {
      if (locked)
        throw Object.assign(new Error('DataError: vault_locked'), { code: 'vault_locked' });
    };
    await syncOnce(h.engine);
    expect(h.engine.getStatus().phase).toBe('locked');
    expect(h.requests).toHaveLength(0);
    locked = false;
    await syncOnce(h.engine, 'unlocked');
    expect(h.engine.getStatus()).toMatchObject({ phase: 'idle', pending: 0 });
    expect(backend.history).toHaveLength(1);
  });

  it('not enrolled: no request, the queue waits', async () => {
    const backend = new MemoryBackend();
    const h = makeHarness(backend.handle, {
      credentials: { get: async () => undefined, onAuthFailure: () => undefined },
    });
    h.outbox.save();
    await syncOnce(h.engine);
    expect(h.engine.getStatus()).toMatchObject({ phase: 'not_enrolled', pending: 1 });
    expect(h.requests).toHaveLength(0);
  });

  it('offline (navigator.onLine false): no request until the network comes back', async () => {
    const backend = new MemoryBackend();
    let online = false;
    const h = makeHarness(backend.handle, { isOnline: () => online });
    h.outbox.save();
    await syncOnce(h.engine);
    expect(h.engine.getStatus()).toMatchObject({ phase: 'offline', pending: 1 });
    expect(h.requests).toHaveLength(0);
    online = true;
    h.engine.handleOnline();
    await h.engine.whenIdle();
    expect(h.engine.getStatus()).toMatchObject({ phase: 'idle', pending: 0 });
  });
});

describe('one loop across tabs', () => {
  it('does not sync while another tab holds the lock, and does once it is free', async () => {
    const backend = new MemoryBackend();
    let held = true;
    const requested: { name: string; ifAvailable: boolean }[] = [];
    const locks: LockManagerLike = {
      request: async (name, options, callback) => {
        requested.push({ name, ifAvailable: options.ifAvailable });
        return callback(held ? null : { name });
      },
    };
    const h = makeHarness(backend.handle, { locks });
    h.outbox.save();
    await syncOnce(h.engine);
    expect(h.requests).toHaveLength(0);
    expect(h.engine.getStatus().pending).toBe(1);
    held = false;
    await syncOnce(h.engine);
    expect(backend.history).toHaveLength(1);
    expect(requested).toEqual([
      { name: 'jejaring-sync', ifAvailable: true },
      { name: 'jejaring-sync', ifAvailable: true },
    ]);
  });

  it('two tabs sharing one outbox and a lock manager never push at the same time', async () => {
    // A LockManager with the Web Locks semantics the engine uses: exclusive, ifAvailable → null.
    let holder: symbol | undefined;
    const locks: LockManagerLike = {
      request: async (_name, _options, callback) => {
        if (holder) return callback(null);
        const me = Symbol('lock');
        holder = me;
        try {
          return await callback({ name: 'jejaring-sync' });
        } finally {
          holder = undefined;
        }
      },
    };
    const backend = new MemoryBackend();
    let inFlight = 0;
    let maxInFlight = 0;
    const slow = async (request: Request) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight -= 1;
      return backend.handle(request);
    };
    const tabA = makeHarness(slow, { locks });
    // Tab B sees the same outbox (one IndexedDB per origin).
    const tabB = makeHarness(slow, { locks, outbox: tabA.outbox });
    for (let i = 0; i < 700; i++) tabA.outbox.save();
    for (let round = 0; round < 3; round++) {
      tabA.engine.requestSync('visible');
      tabB.engine.requestSync('visible');
      await Promise.all([tabA.engine.whenIdle(), tabB.engine.whenIdle()]);
    }
    expect(maxInFlight).toBe(1);
    expect(backend.history).toHaveLength(700);
    expect(await tabA.outbox.count()).toBe(0);
  });

  it('runs one loop per tab: concurrent triggers never overlap requests', async () => {
    const backend = new MemoryBackend();
    let inFlight = 0;
    let maxInFlight = 0;
    const h = makeHarness(async (request) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight -= 1;
      return backend.handle(request);
    });
    for (let i = 0; i < 450; i++) h.outbox.save();
    for (const reason of ['start', 'online', 'visible', 'manual', 'save'])
      h.engine.requestSync(reason);
    await h.engine.whenIdle();
    expect(maxInFlight).toBe(1);
    expect(backend.history).toHaveLength(450);
  });
});

describe('triggers', () => {
  it('debounces saves, syncs every minute only while visible, and on start', async () => {
    const backend = new MemoryBackend();
    const timers: { fn: () => void; ms: number; cancelled: boolean }[] = [];
    const h = makeHarness(backend.handle, {
      setTimer: (fn, ms) => {
        const t = { fn, ms, cancelled: false };
        timers.push(t);
        return () => {
          t.cancelled = true;
        };
      },
    });
    const runTimers = async (ms: number) => {
      for (const t of timers.filter((x) => x.ms === ms && !x.cancelled)) {
        t.cancelled = true;
        t.fn();
      }
      await h.engine.whenIdle();
    };
    // Runs that had something to send are logged with their trigger.
    const runReasons = () => h.logs.filter((l) => l.event === 'run').map((l) => l.reason);

    h.outbox.save();
    h.engine.start();
    await h.engine.whenIdle();
    expect(runReasons()).toEqual(['start']);

    h.outbox.save();
    h.engine.notifyOutboxChanged();
    h.outbox.save();
    h.engine.notifyOutboxChanged();
    await eventually(() => h.engine.getStatus().pending === 2);
    expect(h.requests).toHaveLength(1);
    await runTimers(2_000);
    expect(h.requests).toHaveLength(2);
    expect(backend.history).toHaveLength(3);

    h.engine.handleVisibility(false);
    await h.engine.whenIdle();
    h.outbox.save();
    await runTimers(60_000);
    expect(h.requests).toHaveLength(2);
    h.engine.handleVisibility(true);
    await h.engine.whenIdle();
    h.outbox.save();
    await runTimers(60_000);
    expect(runReasons()).toEqual(['start', 'save', 'visible', 'periodic']);
    expect(backend.history).toHaveLength(5);
    h.engine.stop();
    expect(timers.filter((t) => !t.cancelled)).toHaveLength(0);
  });

  it('logs a run only when there was something to send, and a state once when it begins', async () => {
    const backend = new MemoryBackend();
    let enrolled = false;
    const h = makeHarness(backend.handle, {
      credentials: {
        get: async () =>
          enrolled ? { serverUrl: 'http://sync.test', token: 'test-token' } : undefined,
        onAuthFailure: () => undefined,
      },
    });
    for (let i = 0; i < 3; i++) await syncOnce(h.engine, 'periodic');
    expect(h.logs.map((l) => l.event)).toEqual(['not_enrolled']);
    h.outbox.save();
    for (let i = 0; i < 3; i++) await syncOnce(h.engine, 'periodic');
    expect(h.logs.map((l) => l.event)).toEqual(['not_enrolled']);
    enrolled = true;
    await syncOnce(h.engine, 'periodic');
    for (let i = 0; i < 3; i++) await syncOnce(h.engine, 'periodic');
    expect(h.logs.map((l) => l.event)).toEqual(['not_enrolled', 'run', 'push', 'idle']);
  });

  it('reports status changes to subscribers', async () => {
    const backend = new MemoryBackend();
    const h = makeHarness(failFirst(backend, [503]));
    h.outbox.save();
    const phases: string[] = [];
    const unsubscribe = h.engine.subscribe((s) => phases.push(s.phase));
    await syncOnce(h.engine);
    unsubscribe();
    expect(phases[0]).toBe('idle');
    expect(phases).toContain('syncing');
    expect(phases).toContain('waiting_retry');
    expect(phases.at(-1)).toBe('idle');
  });
});

describe('an honest status before the first count', () => {
  it('says it is counting (not "0 pending") until the outbox has been counted', async () => {
    const backend = new MemoryBackend();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const h = makeHarness(backend.handle);
    for (let i = 0; i < 3; i++) h.outbox.save();
    const count = h.outbox.count.bind(h.outbox);
    h.outbox.count = async () => {
      await gate;
      return count();
    };
    const seen: SyncStatus[] = [];
    h.engine.subscribe((s) => seen.push(s));
    expect(h.engine.getStatus()).toMatchObject({ counting: true });
    h.engine.start();
    expect(h.engine.getStatus().counting).toBe(true);
    release();
    await eventually(() => h.engine.getStatus().counting === undefined);
    await h.engine.whenIdle();
    // No status without `counting` ever claimed an empty queue while 3 records waited unsent.
    const firstCounted = seen.findIndex((s) => s.counting === undefined);
    expect(seen[firstCounted]?.pending).toBe(3);
    h.engine.stop();
  });
});
