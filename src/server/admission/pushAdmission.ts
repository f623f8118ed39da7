// Admission control for pushes, as Hono middleware placed after device authentication and before
// the push handler (v1 or v2, whichever exists). In order, each step cheap before the next:
//   1. at most `perDeviceInFlight` pushes of one device at once (all replicas with the database
//      store): a device cannot use up the server's connections or slots for others;
//   2. its push rate (per minute) and its bytes (per day): 429 + Retry-After;
//   3. the body must arrive within `bodyDeadlineMs` (408), is size- and shape-checked (absurd key
//      counts refused before any schema validation);
//   4. only then a processing slot of this process (`maxConcurrent`, FIFO queue with a bounded
//      wait): an upload still arriving holds no slot, so slow phones never block fast ones.
// The parsed body is handed on: read it in the handler with admittedBody(c).
import type { Context, MiddlewareHandler } from 'hono';
import { readJsonBody, type JsonShapeLimits } from '../body';
import type { AdmissionStore } from './store';
import { windowRemainingMs } from './store';
import { Slots } from './slots';

export interface PushAdmissionLimits {
  /** Pushes of one device at once (reading, waiting or being stored). */
  perDeviceInFlight: number;
  /** Push requests per device per minute. */
  pushesPerMinute: number;
  /** Body bytes per device per UTC day. */
  bytesPerDay: number;
  /** Pushes this process validates and stores at once. */
  maxConcurrent: number;
  /** Arrived pushes waiting for a slot; beyond this, 429 busy. */
  maxQueued: number;
  /** Longest an arrived push waits for a slot before 429 busy. */
  queueWaitMs: number;
  /** Time the whole body may take to arrive. */
  bodyDeadlineMs: number;
}

export const DEFAULT_PUSH_ADMISSION: PushAdmissionLimits = {
  perDeviceInFlight: 2,
  // A phone back online after weeks sends 200-record batches back to back: ~1 per second.
  pushesPerMinute: 120,
  // 10,000 records of a few kB each fit many times over; 600 pushes of 1 MiB do not.
  bytesPerDay: 256 * 1024 * 1024,
  maxConcurrent: 8,
  maxQueued: 64,
  queueWaitMs: 10_000,
  bodyDeadlineMs: 60_000,
};

/** Shape limits of a push body: 200 records of at most a few hundred values each. */
export const PUSH_BODY_SHAPE: JsonShapeLimits = {
  maxDepth: 32,
  maxKeysPerObject: 256,
  maxNodes: 200_000,
};

/** Outcome of a push as metrics count it (see metrics.ts). */
export type AdmissionRefusal =
  | 'device_busy'
  | 'rate_limited'
  | 'quota_exceeded'
  | 'body_timeout'
  | 'aborted'
  | 'too_large'
  | 'malformed'
  | 'busy';

export interface PushAdmissionOptions {
  store: AdmissionStore;
  limits?: Partial<PushAdmissionLimits>;
  /** Largest body accepted (413 beyond). */
  maxBodyBytes: number;
  shape?: JsonShapeLimits;
  now?: () => number;
  /** Every push turned away, and why (metrics, logs). */
  onRefused?: (reason: AdmissionRefusal) => void;
  /** Body bytes of every push admitted. */
  onAdmitted?: (bytes: number) => void;
}

export interface PushAdmission {
  /** The gate for a push endpoint whose bodies may be up to maxBodyBytes. */
  middleware: MiddlewareHandler;
  /** The same gate (same slots, leases and quotas) for an endpoint with another size limit. */
  middlewareFor(maxBodyBytes: number): MiddlewareHandler;
  /** Pushes being processed / waiting for a slot / having their body read, in this process. */
  stats(): { processing: number; queued: number; reading: number };
  limits: PushAdmissionLimits;
}

/** Seconds a phone turned away for load waits before its retry (plus its own jitter). */
export const BUSY_RETRY_AFTER_SECONDS = 1;

const ADMITTED_BODY = 'admittedPushBody';

/** The parsed body the admission middleware read; only valid in handlers behind it. */
export function admittedBody(c: Context): unknown {
  return (c as Context<{ Variables: Record<string, unknown> }>).get(ADMITTED_BODY);
}

function refuse(
  c: Context,
  status: 400 | 408 | 413 | 415 | 429,
  code: string,
  message: string,
  retryAfterSeconds?: number,
): Response {
  const headers: Record<string, string> = {};
  if (retryAfterSeconds !== undefined) headers['Retry-After'] = String(retryAfterSeconds);
  // A 408 ends the connection: the rest of a slow body is not worth waiting for.
  if (status === 408) headers.Connection = 'close';
  return c.json({ error: { code, message } }, status, headers);
}

const MINUTE = 60_000;
const DAY = 86_400_000;

export function createPushAdmission(options: PushAdmissionOptions): PushAdmission {
  const limits = { ...DEFAULT_PUSH_ADMISSION, ...options.limits };
  const now = options.now ?? Date.now;
  const slots = new Slots(limits.maxConcurrent, limits.maxQueued);
  const store = options.store;
  let reading = 0;
  // A lease outlives its request only when the process dies; then it frees itself after this.
  const leaseTtlMs = limits.bodyDeadlineMs + limits.queueWaitMs + 60_000;

  const middlewareFor =
    (maxBodyBytes: number): MiddlewareHandler =>
    async (c, next) => {
      const deviceId = (c as Context<{ Variables: { deviceId?: string } }>).get('deviceId');
      if (deviceId === undefined) throw new Error('push admission needs an authenticated device');
      const refused = (reason: AdmissionRefusal, response: Response) => {
        options.onRefused?.(reason);
        return response;
      };

      const lease = await store.acquire(
        `push:${deviceId}`,
        limits.perDeviceInFlight,
        leaseTtlMs,
        now(),
      );
      if (lease === undefined) {
        return refused(
          'device_busy',
          refuse(
            c,
            429,
            'device_busy',
            `This device already has ${limits.perDeviceInFlight} pushes in progress; wait for their answers.`,
            BUSY_RETRY_AFTER_SECONDS,
          ),
        );
      }
      try {
        const at = now();
        const pushes = await store.increment(`pushes:${deviceId}`, MINUTE, 1, at);
        if (pushes > limits.pushesPerMinute) {
          return refused(
            'rate_limited',
            refuse(
              c,
              429,
              'rate_limited',
              'Too many requests; wait and try again.',
              Math.max(1, Math.ceil(windowRemainingMs(MINUTE, at) / 1000)),
            ),
          );
        }
        const usedBytes = await store.peek(`bytes:${deviceId}`, DAY, at);
        const declared = Number(c.req.header('content-length') ?? '0') || 0;
        const overQuota = () =>
          refused(
            'quota_exceeded',
            refuse(
              c,
              429,
              'quota_exceeded',
              'This device sent its daily amount of data; the rest is sent tomorrow.',
              Math.max(1, Math.ceil(windowRemainingMs(DAY, now()) / 1000)),
            ),
          );
        // Refused before reading when the quota is spent or the declared length would overrun it.
        if (usedBytes >= limits.bytesPerDay || usedBytes + declared > limits.bytesPerDay) {
          return overQuota();
        }

        reading += 1;
        let body;
        try {
          body = await readJsonBody(c.req.raw, maxBodyBytes, {
            shape: options.shape ?? PUSH_BODY_SHAPE,
            deadlineMs: limits.bodyDeadlineMs,
          });
        } finally {
          reading -= 1;
        }
        if (!body.ok) {
          const reason: AdmissionRefusal = body.aborted
            ? 'aborted'
            : body.status === 408
              ? 'body_timeout'
              : body.status === 413
                ? 'too_large'
                : 'malformed';
          return refused(reason, refuse(c, body.status, body.code, body.message));
        }
        // Counted whether or not it fits, so a device cannot probe the quota for free.
        const total = await store.increment(`bytes:${deviceId}`, DAY, body.bytes, now());
        if (total > limits.bytesPerDay) return overQuota();

        const release = await slots.acquire(limits.queueWaitMs);
        if (release === undefined) {
          return refused(
            'busy',
            refuse(
              c,
              429,
              'busy',
              'The server is busy with other phones; wait and try again.',
              BUSY_RETRY_AFTER_SECONDS,
            ),
          );
        }
        try {
          options.onAdmitted?.(body.bytes);
          c.set(ADMITTED_BODY as never, body.value as never);
          await next();
        } finally {
          release();
        }
      } finally {
        // A lease that cannot be deleted (database gone) expires by itself.
        await lease.release().catch(() => undefined);
      }
      return undefined;
    };

  return {
    middleware: middlewareFor(options.maxBodyBytes),
    middlewareFor,
    limits,
    stats: () => ({ processing: slots.inUse, queued: slots.queued, reading }),
  };
}
