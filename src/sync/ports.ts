// The sync engine's ports: everything it touches (outbox, credentials, meta, log, fetch, clock,
// randomness, sleep, timers, Web Locks) is injected through these, so the loop runs unchanged in
// the browser, in Node tests and against a fault-injecting server.
import type { FeedItem, PushResultV2 } from '../domain/contract';

export type SyncPhase =
  'idle' | 'syncing' | 'waiting_retry' | 'offline' | 'needs_enrollment' | 'not_enrolled' | 'locked';

export interface SyncStatus {
  phase: SyncPhase;
  /** Records in the outbox (saved on the phone, not yet confirmed by the server). */
  pending: number;
  /**
   * True until the outbox has been counted once: `pending` is not known yet (a page just opened
   * must not say "all sent" before it has looked).
   */
  counting?: boolean;
  /** When the server last confirmed a push (ISO timestamp). */
  lastSyncAt?: string;
  /** When the next retry is planned, while `waiting_retry` or `offline`. */
  nextAttemptAt?: string;
  /** Fully qualified i18n key (`sync:errors.<code>`) of the last problem, if any. */
  lastErrorKey?: string;
  /** Queued records that cannot be sealed yet: the phone has no district key. */
  waitingForKey?: number;
  /** When the feed (answers, keys, directory, notices) was last read completely. */
  lastFeedAt?: string;
}

export interface RecordRef {
  id: string;
  rev: number;
}

/**
 * One record as it goes over the wire (contract v2: a sealed envelope). The loop reads only its
 * id and rev. With `json` (the envelope's JSON text as stored when it was sealed) that text is
 * sent as is — no parse and serialise per push, and a resend is the stored bytes; without it the
 * object is sent as JSON unchanged.
 */
export interface OutgoingRecord {
  id: string;
  rev: number;
  json?: string;
}

/** A rejection the phone decides itself (the record cannot be sent as it is). */
export interface LocalRejection {
  id: string;
  rev: number;
  status: 'rejected';
  error: { code: 'too_large' | 'invalid'; message: string };
}

/** What the outbox is told about one record: the server's v2 result or a local rejection. */
export type RecordResult = PushResultV2 | LocalRejection;

export interface OutboxPort {
  /**
   * Oldest first, within the limits (sealed once per (id, rev): a resend is the same bytes);
   * marks nothing. Includes records already `sending`. `waitingForKey` counts queued records
   * that cannot be sealed while the phone has no district key. `excludeIds`: records of a push
   * still in flight, left out (the loop seals the next batch while the current one is sent).
   */
  peek(limits: {
    maxRecords: number;
    maxBytes: number;
    excludeIds?: ReadonlySet<string>;
  }): Promise<{ records: OutgoingRecord[]; waitingForKey: number }>;
  markSending(refs: RecordRef[]): Promise<void>;
  /** `sending` → `pending` for refs that got no answer (all `sending` records when omitted). */
  releaseSending(refs?: RecordRef[]): Promise<void>;
  /**
   * Applies per-record results; ignores a result whose rev is not the record's current rev.
   * `resealed` > 0: some records named a key the server no longer accepts (`unknown_key`) and
   * must be sealed again once the feed brought the district's current keys.
   */
  applyResults(results: readonly RecordResult[]): Promise<{ resealed?: number } | void>;
  count(): Promise<number>;
}

/** The feed's side on the phone: a page and its cursor are applied in one transaction. */
export interface FeedPort {
  cursor(): Promise<string | undefined>;
  /** Applies the items (skipping seq already applied) and stores the cursor, atomically. */
  apply(items: readonly FeedItem[], cursor: string): Promise<{ keysChanged: boolean }>;
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
    | 'feed'
    | 'waiting_key'
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
  /** Feed items in a page (event `feed`). */
  items?: number;
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
  /** The feed back to the phone; without it the loop only pushes (engine unit tests). */
  feed?: FeedPort;
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
  /** Feed items per page (default 200, at most the contract's 500). */
  feedPageLimit?: number;
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
