// The client sync engine of contract v1 (shared/docs/sync-protocol.md, "Client behaviour").
// Everything it touches is injected (outbox, credentials, meta, log, fetch, clock, randomness,
// sleep, timers, Web Locks) so it runs unchanged in the browser, in Node tests and against a
// fault-injecting server.
//
// Invariants kept here:
// - The outbox is never deleted from: records leave it only through per-record results applied by
//   the data layer (which ignores a result whose rev is no longer the record's current one, so a
//   record edited while its old rev is in flight stays pending and is sent again).
// - Every record is marked `sending` before the request that carries it.
// - Retryable failures (network, timeout, 5xx, 429, unexpected answers) back off with full jitter
//   and never give up; 401/403 pause sync until the device is enrolled again, keeping the queue.
// - A request that fails for the whole batch with 413/400 is split in half until the offending
//   record is alone; that single record is then marked rejected locally (code `too_large` or
//   `invalid`) so it stays visible on the phone and never blocks the others. The user can fix it
//   and it is sent again as a new rev.
// - While the vault is locked the data key is only in memory while unlocked (by design), so the
//   engine cannot read the outbox: it shows `locked` and waits for the next trigger.
import { z } from 'zod';
import {
  MAX_PUSH_BYTES,
  MAX_PUSH_RECORDS,
  type PushResult,
  type RecordEnvelope,
} from '../domain/envelope';
import { parseRetryAfter, retryDelay } from './backoff';
import { syncErrorKey } from './errors';

export type SyncPhase =
  'idle' | 'syncing' | 'waiting_retry' | 'offline' | 'needs_enrollment' | 'not_enrolled' | 'locked';

export interface SyncStatus {
  phase: SyncPhase;
  /** Records in the outbox (saved on the phone, not yet confirmed by the server). */
  pending: number;
  /** When the server last confirmed a push (ISO timestamp). */
  lastSyncAt?: string;
  /** When the next retry is planned, while `waiting_retry` or `offline`. */
  nextAttemptAt?: string;
  /** Fully qualified i18n key (`sync:errors.<code>`) of the last problem, if any. */
  lastErrorKey?: string;
}

export interface RecordRef {
  id: string;
  rev: number;
}

export interface OutboxPort {
  /** Oldest first, within the limits; marks nothing. Includes records already `sending`. */
  peek(limits: { maxRecords: number; maxBytes: number }): Promise<RecordEnvelope[]>;
  markSending(refs: RecordRef[]): Promise<void>;
  /** `sending` → `pending` for refs that got no answer (all `sending` records when omitted). */
  releaseSending(refs?: RecordRef[]): Promise<void>;
  /** Applies per-record results; ignores a result whose rev is not the record's current rev. */
  applyResults(results: PushResult[]): Promise<void>;
  count(): Promise<number>;
}

export interface Credentials {
  serverUrl: string;
  token: string;
}

export type AuthFailureReason = (typeof AUTH_FAILURE_CODES)[number];

export interface CredentialsPort {
  get(): Promise<Credentials | undefined>;
  /** Persist the `needs_enrollment` pause (the queue is kept). */
  onAuthFailure(reason: AuthFailureReason): Promise<void> | void;
}

export interface MetaPort {
  get(): Promise<{ lastSyncAt?: string; paused?: 'needs_enrollment' }>;
  setLastSyncAt(iso: string): Promise<void>;
}

/** One line of the sync log. Counts, statuses and codes only: never payloads, names or ids. */
export interface SyncLogEntry {
  at: string;
  event:
    | 'run'
    | 'push'
    | 'split'
    | 'rejected_locally'
    | 'retry'
    | 'paused'
    | 'not_enrolled'
    | 'locked'
    | 'offline'
    | 'idle'
    | 'error';
  reason?: string;
  records?: number;
  bytes?: number;
  httpStatus?: number;
  code?: string;
  delayMs?: number;
  stored?: number;
  duplicate?: number;
  stale?: number;
  rejected?: number;
}

export interface LockManagerLike {
  request<T>(
    name: string,
    options: { ifAvailable: boolean },
    callback: (lock: unknown) => Promise<T>,
  ): Promise<T>;
}

export interface SyncEnginePorts {
  outbox: OutboxPort;
  credentials: CredentialsPort;
  meta: MetaPort;
  log(entry: SyncLogEntry): Promise<void> | void;
  fetch: typeof fetch;
  /** Milliseconds since the epoch. */
  now(): number;
  /** Uniform in [0, 1). */
  random(): number;
  /** Resolves after `ms` or as soon as `signal` aborts (never rejects). */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** Web Locks (navigator.locks) where available; otherwise an in-tab mutex is used. */
  locks?: LockManagerLike;
  /** `navigator.onLine`; false is trusted (skip the request), true is not. */
  isOnline?(): boolean;
  /** Timers for triggers (debounce, periodic); defaults to setTimeout. Returns a cancel function. */
  setTimer?(fn: () => void, ms: number): () => void;
  /** Records per push, at most MAX_PUSH_RECORDS (tests use fewer to get many batches cheaply). */
  maxRecordsPerPush?: number;
  /** Abort a push that has not answered after this long (default 60 s). */
  requestTimeoutMs?: number;
  /** Delay between a save and the sync it triggers (default 2 s). */
  saveDebounceMs?: number;
  /** Period of the sync while visible (default 60 s). */
  periodicMs?: number;
}

export interface SyncEngine {
  /** Loads the last sync time, starts the periodic trigger and syncs once. */
  start(): void;
  /** Stops triggers, aborts the request in flight and any wait. */
  stop(): void;
  /** Sync now (or as soon as the current run allows). `reason` goes to the log. */
  requestSync(reason: string): void;
  /** The network came back: sync now, cutting a backoff wait short (Retry-After still holds). */
  handleOnline(): void;
  /** The page became visible or hidden. Visible syncs now; the minute timer runs only while visible. */
  handleVisibility(visible: boolean): void;
  /** A record was saved: refresh the pending count now and sync a little later. */
  notifyOutboxChanged(): void;
  /** A new enrollment was saved (and the pause cleared in meta): reset and sync. */
  notifyEnrolled(): void;
  subscribe(fn: (s: SyncStatus) => void): () => void;
  getStatus(): SyncStatus;
  /** Resolves when no sync run is active (for tests and for shutting down cleanly). */
  whenIdle(): Promise<void>;
}

/** Why a push will be retried; each has `errors.<code>` in locales/<lng>/sync.json. */
export const RETRY_CODES = [
  'network',
  'timeout',
  'server_error',
  'rate_limited',
  'invalid_response',
  'unexpected_response',
  'no_progress',
  'local_error',
] as const;
export type RetryCode = (typeof RETRY_CODES)[number];

/** Why sync paused until the device is enrolled again; also `errors.<code>` keys. */
export const AUTH_FAILURE_CODES = ['unauthorized', 'device_revoked'] as const;

/** Lock name shared by every tab of the app: only one sync loop at a time. */
export const SYNC_LOCK_NAME = 'jejaring-sync';

// Reasons that must not cut a backoff wait short: otherwise every save during an outage
// would hammer the server.
const PASSIVE_REASONS = new Set(['save', 'periodic']);

const pushResultSchema = z.object({
  id: z.string(),
  rev: z.number().int(),
  status: z.enum(['stored', 'duplicate', 'stale', 'rejected']),
  error: z
    .object({
      code: z.string(),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    })
    .optional(),
});
const pushResponseSchema = z.object({ results: z.array(pushResultSchema) });

type PushOutcome =
  | { kind: 'results'; results: PushResult[] }
  | { kind: 'split'; code: 'too_large' | 'invalid'; httpStatus: number }
  | { kind: 'auth'; reason: AuthFailureReason; httpStatus: number }
  | { kind: 'retry'; code: RetryCode; httpStatus?: number; retryAfterMs?: number }
  | { kind: 'stopped' };

type BatchOutcome =
  | { kind: 'ok'; acked: Set<string> }
  | { kind: 'auth'; reason: AuthFailureReason }
  | { kind: 'retry'; code: RetryCode; retryAfterMs?: number }
  | { kind: 'stopped' };

const encoder = new TextEncoder();
const refKey = (r: RecordRef): string => `${r.id}\u0000${r.rev}`;

/** Bytes of `{"records":[…]}` for these records, as sent. */
export function pushBodyBytes(records: readonly RecordEnvelope[]): number {
  let bytes = '{"records":[]}'.length + Math.max(0, records.length - 1);
  for (const r of records) bytes += encoder.encode(JSON.stringify(r)).length;
  return bytes;
}

/**
 * The longest prefix of `records` that fits the contract's limits (≤ maxRecords, body ≤ maxBytes).
 * A first record that alone exceeds the byte limit is returned alone, so it can be rejected
 * locally instead of blocking the queue.
 */
export function fitBatch(
  records: readonly RecordEnvelope[],
  maxRecords: number = MAX_PUSH_RECORDS,
  maxBytes: number = MAX_PUSH_BYTES,
): RecordEnvelope[] {
  const batch: RecordEnvelope[] = [];
  let bytes = '{"records":[]}'.length;
  for (const r of records.slice(0, maxRecords)) {
    const size = encoder.encode(JSON.stringify(r)).length + (batch.length > 0 ? 1 : 0);
    if (batch.length > 0 && bytes + size > maxBytes) break;
    batch.push(r);
    bytes += size;
  }
  return batch;
}

function isVaultLocked(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === 'vault_locked'
  );
}

function errorCodeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^[a-z_]{1,40}$/.test(code)) return code;
  }
  return 'local_error';
}

export function createSyncEngine(ports: SyncEnginePorts): SyncEngine {
  const requestTimeoutMs = ports.requestTimeoutMs ?? 60_000;
  const saveDebounceMs = ports.saveDebounceMs ?? 2_000;
  const periodicMs = ports.periodicMs ?? 60_000;
  const maxRecordsPerPush = Math.max(
    1,
    Math.min(MAX_PUSH_RECORDS, ports.maxRecordsPerPush ?? MAX_PUSH_RECORDS),
  );
  const setTimer =
    ports.setTimer ??
    ((fn: () => void, ms: number) => {
      const handle = setTimeout(fn, ms);
      return () => clearTimeout(handle);
    });

  let status: SyncStatus = { phase: 'idle', pending: 0 };
  const listeners = new Set<(s: SyncStatus) => void>();

  let stopped = false;
  let stopController = new AbortController();
  let running: Promise<void> | undefined;
  let dirty = false;
  let reason = 'start';
  let attempt = 0;
  let notBefore = 0;
  let wakeController: AbortController | undefined;
  let visible = true;
  let cancelDebounce: (() => void) | undefined;
  let cancelPeriodic: (() => void) | undefined;
  // A smaller batch size learnt from a 413, kept for the rest of the run.
  let releasedAtStart = false;
  let batchLimit = maxRecordsPerPush;

  function setStatus(patch: Partial<SyncStatus>, clear: (keyof SyncStatus)[] = []): void {
    const next: SyncStatus = { ...status, ...patch };
    for (const key of clear) delete next[key];
    status = next;
    for (const fn of listeners) fn(status);
  }

  async function log(entry: Omit<SyncLogEntry, 'at'>): Promise<void> {
    try {
      await ports.log({ at: new Date(ports.now()).toISOString(), ...entry });
    } catch {
      // The log is a convenience for coordinators; a failure to write it must not stop sync.
    }
  }

  async function refreshPending(): Promise<void> {
    try {
      setStatus({ pending: await ports.outbox.count() });
    } catch {
      // Counting may fail while locked; keep the last known number.
    }
  }

  async function sleepFor(ms: number): Promise<void> {
    wakeController = new AbortController();
    const wake = wakeController;
    const onStop = () => wake.abort();
    stopController.signal.addEventListener('abort', onStop, { once: true });
    try {
      await ports.sleep(ms, wake.signal);
    } finally {
      stopController.signal.removeEventListener('abort', onStop);
      if (wakeController === wake) wakeController = undefined;
    }
    // Woken early (network back, user asked): still honour the server's Retry-After.
    const rest = notBefore - ports.now();
    if (!stopped && rest > 0) await ports.sleep(rest, stopController.signal);
  }

  async function backoff(code: RetryCode, retryAfterMs: number | undefined): Promise<void> {
    const delay = retryDelay(attempt, ports.random, retryAfterMs);
    attempt += 1;
    notBefore = retryAfterMs === undefined ? 0 : ports.now() + retryAfterMs;
    const offline = code === 'network' && ports.isOnline?.() === false;
    setStatus({
      phase: offline ? 'offline' : 'waiting_retry',
      nextAttemptAt: new Date(ports.now() + delay).toISOString(),
      lastErrorKey: syncErrorKey(code),
    });
    await log({ event: 'retry', code, delayMs: delay });
    await sleepFor(delay);
  }

  async function post(credentials: Credentials, records: RecordEnvelope[]): Promise<PushOutcome> {
    const controller = new AbortController();
    const onStop = () => controller.abort();
    stopController.signal.addEventListener('abort', onStop, { once: true });
    let timedOut = false;
    const cancelTimeout = setTimer(() => {
      timedOut = true;
      controller.abort();
    }, requestTimeoutMs);
    try {
      let response: Response;
      let text: string;
      try {
        response = await ports.fetch(`${credentials.serverUrl}/api/v1/sync/push`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${credentials.token}`,
          },
          body: JSON.stringify({ records }),
          signal: controller.signal,
        });
        text = await response.text();
      } catch {
        if (stopped) return { kind: 'stopped' };
        return { kind: 'retry', code: timedOut ? 'timeout' : 'network' };
      }
      const httpStatus = response.status;
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), ports.now());
      if (httpStatus === 200) {
        let parsed: z.infer<typeof pushResponseSchema>;
        try {
          parsed = pushResponseSchema.parse(JSON.parse(text));
        } catch {
          return { kind: 'retry', code: 'invalid_response', httpStatus };
        }
        // Only results that name a record of this request count; anything else is ignored and the
        // unanswered records stay queued (sent again, answered `duplicate`).
        const sent = new Set(records.map(refKey));
        const results = parsed.results.filter((r) => sent.has(refKey(r)));
        if (results.length === 0) return { kind: 'retry', code: 'invalid_response', httpStatus };
        return { kind: 'results', results };
      }
      if (httpStatus === 401) return { kind: 'auth', reason: 'unauthorized', httpStatus };
      if (httpStatus === 403) return { kind: 'auth', reason: 'device_revoked', httpStatus };
      if (httpStatus === 413) return { kind: 'split', code: 'too_large', httpStatus };
      if (httpStatus === 400) return { kind: 'split', code: 'invalid', httpStatus };
      if (httpStatus === 429)
        return { kind: 'retry', code: 'rate_limited', httpStatus, retryAfterMs };
      if (httpStatus >= 500)
        return { kind: 'retry', code: 'server_error', httpStatus, retryAfterMs };
      // 404, 415, a captive portal's redirect…: not the contract's answer. Keep the queue and retry.
      return { kind: 'retry', code: 'unexpected_response', httpStatus, retryAfterMs };
    } finally {
      cancelTimeout();
      stopController.signal.removeEventListener('abort', onStop);
    }
  }

  /** Pushes one peeked batch, splitting it on 413/400 until every record has a result. */
  async function pushBatch(
    credentials: Credentials,
    batch: RecordEnvelope[],
  ): Promise<BatchOutcome> {
    const queue: RecordEnvelope[][] = [batch];
    const acked = new Set<string>();
    while (queue.length > 0) {
      if (stopped) return { kind: 'stopped' };
      const part = queue.shift() as RecordEnvelope[];
      const bytes = pushBodyBytes(part);
      if (part.length === 1 && bytes > MAX_PUSH_BYTES) {
        await rejectLocally(part[0] as RecordEnvelope, 'too_large', acked);
        continue;
      }
      await ports.outbox.markSending(part.map(({ id, rev }) => ({ id, rev })));
      const outcome = await post(credentials, part);
      if (outcome.kind === 'results') {
        await ports.outbox.applyResults(outcome.results);
        const counts = { stored: 0, duplicate: 0, stale: 0, rejected: 0 };
        for (const r of outcome.results) {
          counts[r.status] += 1;
          acked.add(refKey(r));
        }
        attempt = 0;
        notBefore = 0;
        const lastSyncAt = new Date(ports.now()).toISOString();
        await ports.meta.setLastSyncAt(lastSyncAt);
        setStatus({ lastSyncAt }, ['lastErrorKey', 'nextAttemptAt']);
        await log({ event: 'push', records: part.length, bytes, httpStatus: 200, ...counts });
        continue;
      }
      if (outcome.kind === 'split') {
        if (part.length > 1) {
          const half = Math.ceil(part.length / 2);
          if (outcome.code === 'too_large') batchLimit = Math.max(1, Math.min(batchLimit, half));
          queue.unshift(part.slice(0, half), part.slice(half));
          await log({ event: 'split', records: part.length, httpStatus: outcome.httpStatus });
        } else {
          await rejectLocally(part[0] as RecordEnvelope, outcome.code, acked, outcome.httpStatus);
        }
        continue;
      }
      if (outcome.kind === 'auth' || outcome.kind === 'retry') {
        // No answer for this part: its records are waiting again, not "being sent".
        await ports.outbox.releaseSending(part.map(({ id, rev }) => ({ id, rev })));
      }
      if (outcome.kind === 'auth') return { kind: 'auth', reason: outcome.reason };
      if (outcome.kind === 'retry') {
        await log({ event: 'error', code: outcome.code, httpStatus: outcome.httpStatus });
        return { kind: 'retry', code: outcome.code, retryAfterMs: outcome.retryAfterMs };
      }
      return outcome;
    }
    return { kind: 'ok', acked };
  }

  async function rejectLocally(
    record: RecordEnvelope,
    code: 'too_large' | 'invalid',
    acked: Set<string>,
    httpStatus?: number,
  ): Promise<void> {
    await ports.outbox.applyResults([
      {
        id: record.id,
        rev: record.rev,
        status: 'rejected',
        error: {
          code,
          message:
            code === 'too_large'
              ? 'The record is larger than the server accepts (1 MiB).'
              : 'The server refused the request carrying only this record (400).',
        },
      },
    ]);
    acked.add(refKey(record));
    await log({ event: 'rejected_locally', code, records: 1, httpStatus });
  }

  /** Sends until the outbox is empty or something (auth, lock, offline, stop) ends the run. */
  async function drain(): Promise<void> {
    batchLimit = maxRecordsPerPush;
    if (!releasedAtStart) {
      // A page closed mid-push left its records `sending`; no answer will come to this page.
      releasedAtStart = true;
      await ports.outbox.releaseSending().catch(() => undefined);
    }
    let lastAcked = new Set<string>();
    // The log keeps a limited number of entries: a run with nothing to send, or a state that
    // did not change (the minute timer while locked or not enrolled), is not logged.
    let announced = false;
    const announce = async (): Promise<void> => {
      if (announced) return;
      announced = true;
      await log({ event: 'run', reason });
    };
    const enter = async (
      phase: SyncPhase,
      entry: Omit<SyncLogEntry, 'at'>,
      patch: Partial<SyncStatus> = {},
    ): Promise<void> => {
      const changed = status.phase !== phase;
      setStatus({ phase, ...patch }, ['nextAttemptAt']);
      if (changed || announced) await log(entry);
    };
    for (;;) {
      if (stopped) return;
      try {
        const meta = await ports.meta.get();
        if (meta.paused === 'needs_enrollment') {
          await enter('needs_enrollment', { event: 'paused' });
          await refreshPending();
          return;
        }
        const credentials = await ports.credentials.get();
        if (!credentials) {
          await enter('not_enrolled', { event: 'not_enrolled' });
          await refreshPending();
          return;
        }
        const batch = fitBatch(
          await ports.outbox.peek({ maxRecords: batchLimit, maxBytes: MAX_PUSH_BYTES }),
          batchLimit,
        );
        await refreshPending();
        if (batch.length === 0) {
          attempt = 0;
          setStatus({ phase: 'idle' }, ['nextAttemptAt', 'lastErrorKey']);
          if (announced) await log({ event: 'idle' });
          return;
        }
        if (ports.isOnline?.() === false) {
          await enter('offline', { event: 'offline', records: batch.length });
          return;
        }
        // A record whose result was just applied must have left the outbox (or have a new rev).
        // If it is offered again the local store did not take the result: back off instead of
        // spinning against the server.
        if (batch.some((r) => lastAcked.has(refKey(r)))) {
          await log({ event: 'error', code: 'no_progress' });
          lastAcked = new Set();
          await backoff('no_progress', undefined);
          continue;
        }
        await announce();
        setStatus({ phase: 'syncing' }, ['nextAttemptAt']);
        const outcome = await pushBatch(credentials, batch);
        if (outcome.kind === 'ok') {
          lastAcked = outcome.acked;
          continue;
        }
        if (outcome.kind === 'auth') {
          await ports.credentials.onAuthFailure(outcome.reason);
          await enter(
            'needs_enrollment',
            { event: 'paused', code: outcome.reason },
            { lastErrorKey: syncErrorKey(outcome.reason) },
          );
          await refreshPending();
          return;
        }
        if (outcome.kind === 'retry') {
          lastAcked = new Set();
          await refreshPending();
          await backoff(outcome.code, outcome.retryAfterMs);
          continue;
        }
        return;
      } catch (error) {
        if (isVaultLocked(error)) {
          await enter('locked', { event: 'locked' });
          // The count needs no key: the waiting number stays honest while locked.
          await refreshPending();
          return;
        }
        // Anything else local (quota, a corrupt row): keep everything and retry later.
        await log({ event: 'error', code: errorCodeOf(error) });
        await backoff('local_error', undefined);
      }
    }
  }

  // In-tab mutex: `running` is the one active loop of this tab; Web Locks extend it across tabs.
  async function runLoop(): Promise<void> {
    while (dirty && !stopped) {
      dirty = false;
      if (ports.locks) {
        await ports.locks.request(SYNC_LOCK_NAME, { ifAvailable: true }, async (lock) => {
          // Another tab holds the lock and is syncing the same outbox; the minute timer and the
          // next trigger try again.
          if (lock === null) {
            await refreshPending();
            return;
          }
          await drain();
        });
      } else {
        await drain();
      }
    }
  }

  function requestSync(why: string): void {
    if (stopped) return;
    dirty = true;
    reason = why;
    if (running) {
      if (!PASSIVE_REASONS.has(why)) wakeController?.abort();
      return;
    }
    running = runLoop()
      .catch(async (error: unknown) => {
        await log({ event: 'error', code: errorCodeOf(error) });
      })
      .finally(() => {
        running = undefined;
      });
  }

  function schedulePeriodic(): void {
    cancelPeriodic?.();
    cancelPeriodic = setTimer(() => {
      cancelPeriodic = undefined;
      if (stopped) return;
      if (visible) requestSync('periodic');
      schedulePeriodic();
    }, periodicMs);
  }

  return {
    start() {
      if (stopped) {
        stopped = false;
        stopController = new AbortController();
      }
      void ports.meta
        .get()
        .then((meta) => {
          if (meta.lastSyncAt !== undefined && status.lastSyncAt === undefined) {
            setStatus({ lastSyncAt: meta.lastSyncAt });
          }
        })
        .catch(() => undefined);
      schedulePeriodic();
      requestSync('start');
    },
    stop() {
      stopped = true;
      stopController.abort();
      cancelDebounce?.();
      cancelPeriodic?.();
      cancelDebounce = undefined;
      cancelPeriodic = undefined;
    },
    requestSync,
    handleOnline() {
      requestSync('online');
    },
    handleVisibility(isVisible: boolean) {
      visible = isVisible;
      if (isVisible) requestSync('visible');
    },
    notifyOutboxChanged() {
      void refreshPending();
      cancelDebounce?.();
      cancelDebounce = setTimer(() => {
        cancelDebounce = undefined;
        requestSync('save');
      }, saveDebounceMs);
    },
    notifyEnrolled() {
      attempt = 0;
      notBefore = 0;
      setStatus({}, ['lastErrorKey']);
      requestSync('enrolled');
    },
    subscribe(fn) {
      listeners.add(fn);
      fn(status);
      return () => {
        listeners.delete(fn);
      };
    },
    getStatus() {
      return status;
    },
    async whenIdle() {
      while (running) await running;
    },
  };
}
