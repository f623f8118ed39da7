// The client sync loop of contract v2 (docs/sync-protocol-v2.md): when to sync, backoff,
// splitting, pausing, and reading the feed back to the phone. Its ports (ports.ts) inject
// storage, clock and network; the HTTP requests themselves are transport.ts.
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
// - The feed is read after the outbox is drained (so after every push run), at every trigger that
//   starts a run, and before the next push when a result said `unknown_key`; a page and its cursor
//   are applied in one transaction by the feed port. New district keys make the waiting records
//   sealable: the loop then pushes again. Feed failures back off exactly like push failures.
import {
  MAX_PUSH_BYTES_V2 as MAX_PUSH_BYTES,
  MAX_PUSH_RECORDS_V2 as MAX_PUSH_RECORDS,
} from '../domain/contract';
import { retryDelay } from './backoff';
import { syncErrorKey } from './errors';
import {
  SYNC_LOCK_NAME,
  type AuthFailureReason,
  type Credentials,
  type OutgoingRecord,
  type RetryCode,
  type SyncEngine,
  type SyncEnginePorts,
  type SyncLogEntry,
  type SyncPhase,
  type SyncStatus,
} from './ports';
import {
  fitBatch,
  getFeedPage,
  postPush,
  pushBodyBytes,
  refKey,
  type RequestFailure,
  type TransportContext,
} from './transport';

export * from './ports';
export { fitBatch, pushBodyBytes } from './transport';

// Reasons that must not cut a backoff wait short: otherwise every save during an outage
// would hammer the server.
const PASSIVE_REASONS = new Set(['save', 'periodic']);

/** Feed pages read in one go before the loop looks at the outbox again. */
const MAX_FEED_PAGES_PER_RUN = 100;

/** While a run is sending, the pending count is read at most this often (and when it ends). */
const PENDING_REFRESH_MS = 1_000;

type Peeked = Awaited<ReturnType<SyncEnginePorts['outbox']['peek']>>;

type BatchOutcome =
  | { kind: 'ok'; acked: Set<string>; resealed: number }
  | { kind: 'auth'; reason: AuthFailureReason }
  | { kind: 'retry'; code: RetryCode; retryAfterMs?: number }
  | { kind: 'stopped' };

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
  const feedPageLimit = Math.max(1, Math.min(500, ports.feedPageLimit ?? 200));
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

  let status: SyncStatus = { phase: 'idle', pending: 0, counting: true };
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
    // A stopped engine (the app locked, another profile opened) writes nothing more.
    if (stopped) return;
    try {
      await ports.log({ at: new Date(ports.now()).toISOString(), ...entry });
    } catch {
      // The log is a convenience for coordinators; a failure to write it must not stop sync.
    }
  }

  // When the pending count was last read (the loop reads it between batches, at most every
  // PENDING_REFRESH_MS: an index count per batch is a large share of a small batch's cost).
  let countedAt = Number.NEGATIVE_INFINITY;

  async function refreshPending(): Promise<void> {
    try {
      const started = ports.now();
      setStatus({ pending: await ports.outbox.count() }, ['counting']);
      countedAt = started;
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

  function transport(): TransportContext {
    return {
      fetch: ports.fetch,
      now: ports.now,
      setTimer,
      requestTimeoutMs,
      stopSignal: stopController.signal,
    };
  }

  /** Pushes one peeked batch, splitting it on 413/400 until every record has a result. */
  async function pushBatch(
    credentials: Credentials,
    batch: OutgoingRecord[],
  ): Promise<BatchOutcome> {
    const queue: OutgoingRecord[][] = [batch];
    const acked = new Set<string>();
    let resealed = 0;
    while (queue.length > 0) {
      if (stopped) return { kind: 'stopped' };
      const part = queue.shift() as OutgoingRecord[];
      const bytes = pushBodyBytes(part);
      if (part.length === 1 && bytes > MAX_PUSH_BYTES) {
        await rejectLocally(part[0] as OutgoingRecord, 'too_large', acked);
        continue;
      }
      await ports.outbox.markSending(part.map(({ id, rev }) => ({ id, rev })));
      const outcome = await postPush(transport(), credentials, part);
      if (outcome.kind === 'results') {
        const applied = await ports.outbox.applyResults(outcome.results);
        resealed += (applied && applied.resealed) || 0;
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
          await rejectLocally(part[0] as OutgoingRecord, outcome.code, acked, outcome.httpStatus);
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
    return { kind: 'ok', acked, resealed };
  }

  /**
   * Reads the feed from the stored cursor until it says no more (or a page limit per run), each
   * page applied with its cursor in one transaction. A failure leaves the cursor where it was:
   * the next read asks again from there (items already applied are skipped by seq).
   */
  async function pullFeed(
    credentials: Credentials,
  ): Promise<{ kind: 'ok'; keysChanged: boolean } | RequestFailure> {
    const feed = ports.feed;
    if (!feed) return { kind: 'ok', keysChanged: false };
    let keysChanged = false;
    for (let page = 0; page < MAX_FEED_PAGES_PER_RUN; page++) {
      if (stopped) return { kind: 'stopped' };
      const outcome = await getFeedPage(
        transport(),
        credentials,
        await feed.cursor(),
        feedPageLimit,
      );
      if (outcome.kind !== 'page') {
        if (outcome.kind === 'retry')
          await log({ event: 'error', code: outcome.code, httpStatus: outcome.httpStatus });
        return outcome;
      }
      const applied = await feed.apply(outcome.page.items, outcome.page.cursor);
      keysChanged ||= applied.keysChanged;
      if (outcome.page.items.length > 0)
        await log({ event: 'feed', items: outcome.page.items.length, httpStatus: 200 });
      if (!outcome.page.more) break;
    }
    setStatus({ lastFeedAt: new Date(ports.now()).toISOString() });
    return { kind: 'ok', keysChanged };
  }

  async function rejectLocally(
    record: OutgoingRecord,
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
    // The next batch, sealed and stored while the current push is in flight (see below).
    let ahead: Promise<Peeked | undefined> | undefined;
    let aheadExcludes = new Set<string>();
    /** The batch sealed ahead, if it is still worth sending as it is; clears it either way. */
    const takeAhead = async (use: boolean): Promise<Peeked | undefined> => {
      const pending = ahead;
      ahead = undefined;
      if (!pending) return undefined;
      const peeked = await pending;
      if (!use || !peeked) return undefined;
      // Never a record of the push it overlapped (whatever the port did with excludeIds).
      const records = peeked.records.filter((r) => !aheadExcludes.has(r.id));
      return records.length > 0 ? { ...peeked, records } : undefined;
    };
    let needFeed = false;
    let fedThisRun = false;
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
    /** A request failed: pause (auth) and end the run (true), or back off and go on (false). */
    const handleFailure = async (
      failure: Exclude<BatchOutcome, { kind: 'ok' }> | RequestFailure,
    ): Promise<boolean> => {
      if (failure.kind === 'auth') {
        await ports.credentials.onAuthFailure(failure.reason);
        await enter(
          'needs_enrollment',
          { event: 'paused', code: failure.reason },
          { lastErrorKey: syncErrorKey(failure.reason) },
        );
        await refreshPending();
        return true;
      }
      if (failure.kind === 'retry') {
        await refreshPending();
        await backoff(failure.code, failure.retryAfterMs);
        return false;
      }
      return true;
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
        if (needFeed && ports.isOnline?.() !== false) {
          const fed = await pullFeed(credentials);
          if (fed.kind !== 'ok') {
            if (await handleFailure(fed)) return;
            continue;
          }
          needFeed = false;
        }
        const peeked =
          (await takeAhead(true)) ??
          (await ports.outbox.peek({ maxRecords: batchLimit, maxBytes: MAX_PUSH_BYTES }));
        const batch = fitBatch(peeked.records, batchLimit);
        if ((status.waitingForKey ?? 0) !== peeked.waitingForKey) {
          setStatus({ waitingForKey: peeked.waitingForKey });
          if (peeked.waitingForKey > 0)
            await log({ event: 'waiting_key', records: peeked.waitingForKey });
        }
        if (batch.length === 0 || ports.now() - countedAt >= PENDING_REFRESH_MS) {
          await refreshPending();
        }
        if (batch.length === 0) {
          // Nothing (more) to send: read the feed — answers, and keys that may unblock records
          // waiting to be sealed — then rest.
          if (!fedThisRun && ports.isOnline?.() !== false && ports.feed) {
            fedThisRun = true;
            await announce();
            const fed = await pullFeed(credentials);
            if (fed.kind !== 'ok') {
              if (await handleFailure(fed)) return;
              fedThisRun = false;
              continue;
            }
            if (fed.keysChanged && peeked.waitingForKey > 0) continue;
          }
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
        // Seal and store the next batch while this one is in flight: sealing is the phone's
        // work, the push mostly the network's and the server's. The next batch leaves out the
        // records of this one; it is sent only if this push went through (otherwise it stays
        // sealed and stored, and the next peek finds it).
        aheadExcludes = new Set(batch.map((r) => r.id));
        ahead = ports.outbox
          .peek({ maxRecords: batchLimit, maxBytes: MAX_PUSH_BYTES, excludeIds: aheadExcludes })
          .catch(() => undefined);
        let outcome: BatchOutcome;
        try {
          outcome = await pushBatch(credentials, batch);
        } catch (error) {
          await takeAhead(false);
          throw error;
        }
        // Learnt keys (unknown_key) or a smaller batch (413): the batch sealed ahead is peeked
        // again instead.
        if (outcome.kind !== 'ok' || outcome.resealed > 0 || batchLimit < batch.length) {
          await takeAhead(false);
        }
        if (outcome.kind === 'ok') {
          lastAcked = outcome.acked;
          // Records sealed to a key the server no longer has: learn the current keys first.
          if (outcome.resealed > 0) needFeed = true;
          // What was just sent may already have answers: read the feed again when drained.
          fedThisRun = false;
          continue;
        }
        if (outcome.kind === 'retry') lastAcked = new Set();
        if (await handleFailure(outcome)) return;
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
      // The count first, so the status is honest before the run has looked at the outbox.
      void refreshPending();
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
      // While a run is sending it reads the count itself (between batches and when it ends):
      // its own results must not cost a count each.
      if (status.phase !== 'syncing') void refreshPending();
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
