// The sync engine's ports: everything it touches (outbox, credentials, meta, log, fetch, clock,
// randomness, sleep, timers, Web Locks) is injected through these, so the loop runs unchanged in
// the browser, in Node tests and against a fault-injecting server.
import type { PushResult, RecordEnvelope } from '../domain/envelope';

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
