// Test doubles for the sync engine: an in-memory outbox with the data layer's semantics
// (src/data/README.md) and an in-memory contract backend (docs/sync-protocol-v2.md). The fake
// outbox's envelopes carry their payload in clear: the engine never looks inside a record, and
// these tests are about the loop (sealing is tested over the real src/data).
import { randomUUID } from 'node:crypto';
import {
  envelopeSchema,
  MAX_PUSH_BYTES,
  MAX_PUSH_RECORDS,
  RECORD_KINDS,
  type RecordEnvelope,
} from '../../src/domain/envelope';
import type { PushResultV2 } from '../../src/domain/contract';
import type {
  OutboxPort,
  RecordRef,
  RecordResult,
  SyncEngine,
  SyncEnginePorts,
  SyncLogEntry,
} from '../../src/sync/engine';
import { createSyncEngine } from '../../src/sync/engine';

export type FakeSyncState = 'pending' | 'sending' | 'synced' | 'rejected';

interface FakeRecord {
  envelope: RecordEnvelope;
  syncState: FakeSyncState;
  error?: { code: string; message: string };
}

/**
 * The outbox of src/data in memory: one queue entry per id holding the latest rev, oldest first;
 * results and `sending` marks whose rev is not the record's current rev are ignored.
 */
export class FakeOutbox implements OutboxPort {
  readonly records = new Map<string, FakeRecord>();
  private readonly queue = new Map<string, { rev: number; seq: number }>();
  private seq = 0;
  private clock = Date.parse('2026-11-30T02:00:00Z');
  /** Called inside peek/markSending/applyResults/count: tests throw vault_locked from here. */
  guard: () => void = () => undefined;
  /** Called after markSending: lets a test edit a record while its old rev is in flight. */
  afterMarkSending: (refs: RecordRef[]) => Promise<void> | void = () => undefined;

  save(
    id: string = randomUUID(),
    payload: Record<string, unknown> = { note: 'x' },
    kind: RecordEnvelope['kind'] = 'migrant',
  ): RecordEnvelope {
    const previous = this.records.get(id)?.envelope;
    this.clock += 1000;
    const at = new Date(this.clock).toISOString();
    const envelope: RecordEnvelope = {
      id,
      kind,
      schemaVersion: 1,
      rev: (previous?.rev ?? 0) + 1,
      createdAt: previous?.createdAt ?? at,
      updatedAt: at,
      deleted: false,
      payload,
    };
    this.records.set(id, { envelope, syncState: 'pending' });
    this.queue.set(id, { rev: envelope.rev, seq: ++this.seq });
    return envelope;
  }

  delete(id: string): RecordEnvelope {
    const envelope = this.save(id, {});
    envelope.deleted = true;
    return envelope;
  }

  async peek(limits: {
    maxRecords: number;
    maxBytes: number;
  }): Promise<{ records: RecordEnvelope[]; waitingForKey: number }> {
    this.guard();
    const ordered = [...this.queue.entries()].sort((a, b) => a[1].seq - b[1].seq);
    const out: RecordEnvelope[] = [];
    let bytes = 14;
    for (const [id] of ordered) {
      if (out.length >= limits.maxRecords) break;
      const envelope = structuredClone((this.records.get(id) as FakeRecord).envelope);
      const size = JSON.stringify(envelope).length + 1;
      if (out.length > 0 && bytes + size > limits.maxBytes) break;
      out.push(envelope);
      bytes += size;
    }
    return { records: out, waitingForKey: 0 };
  }

  async markSending(refs: RecordRef[]): Promise<void> {
    this.guard();
    for (const ref of refs) {
      const record = this.records.get(ref.id);
      if (record && record.envelope.rev === ref.rev && this.queue.has(ref.id)) {
        record.syncState = 'sending';
      }
    }
    await this.afterMarkSending(refs);
  }

  async releaseSending(refs?: RecordRef[]): Promise<void> {
    this.guard();
    for (const record of this.records.values()) {
      if (record.syncState !== 'sending') continue;
      if (refs && !refs.some((r) => r.id === record.envelope.id && r.rev === record.envelope.rev)) {
        continue;
      }
      record.syncState = 'pending';
    }
  }

  async applyResults(results: readonly RecordResult[]): Promise<void> {
    this.guard();
    for (const result of results) {
      const record = this.records.get(result.id);
      // Edited meanwhile: the answer is for an older rev; the new rev stays queued.
      if (!record || record.envelope.rev !== result.rev) continue;
      this.queue.delete(result.id);
      if (result.status === 'rejected') {
        record.syncState = 'rejected';
        record.error = result.error;
      } else {
        record.syncState = 'synced';
      }
    }
  }

  async count(): Promise<number> {
    this.guard();
    return this.queue.size;
  }

  state(id: string): FakeSyncState | undefined {
    return this.records.get(id)?.syncState;
  }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** The contract backend in memory: idempotent by (id, rev), keeps an append-only history. */
export class MemoryBackend {
  /** Every accepted (id, rev) in order; a correct client+server never repeats one. */
  readonly history: { id: string; rev: number; content: string }[] = [];
  readonly current = new Map<string, { rev: number; content: string; deleted: boolean }>();
  readonly tokens = new Map<string, { deviceId: string; revoked: boolean }>();
  readonly codes = new Map<string, number>();
  /** Every push request that reached the backend (record counts), for assertions. */
  readonly pushes: number[] = [];
  private readonly byKey = new Map<string, string>();

  constructor(token = 'test-token') {
    this.tokens.set(token, { deviceId: randomUUID(), revoked: false });
  }

  issueCode(uses = 1): string {
    const code = randomUUID();
    this.codes.set(code, uses);
    return code;
  }

  readonly handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (request.method === 'POST' && url.pathname === '/api/v1/devices/enroll') {
      const body = (await request.json().catch(() => undefined)) as { code?: unknown } | undefined;
      const code = typeof body?.code === 'string' ? body.code : '';
      const uses = this.codes.get(code) ?? 0;
      if (uses <= 0) {
        return json(403, { error: { code: 'enrollment_code_invalid', message: 'invalid code' } });
      }
      this.codes.set(code, uses - 1);
      const token = randomUUID() + randomUUID();
      const deviceId = randomUUID();
      this.tokens.set(token, { deviceId, revoked: false });
      return json(201, { deviceId, token });
    }
    if (request.method === 'POST' && url.pathname === '/api/v2/sync/push') {
      const auth = request.headers.get('authorization') ?? '';
      const device = this.tokens.get(auth.replace(/^Bearer /, ''));
      if (!device) return json(401, { error: { code: 'unauthorized', message: 'no token' } });
      if (device.revoked)
        return json(403, { error: { code: 'device_revoked', message: 'revoked' } });
      const text = await request.text();
      if (new TextEncoder().encode(text).length > MAX_PUSH_BYTES) {
        return json(413, { error: { code: 'payload_too_large', message: 'too large' } });
      }
      let records: unknown;
      try {
        records = (JSON.parse(text) as { records?: unknown }).records;
      } catch {
        return json(400, { error: { code: 'malformed', message: 'bad json' } });
      }
      if (!Array.isArray(records) || records.length === 0) {
        return json(400, { error: { code: 'malformed', message: 'bad shape' } });
      }
      if (records.length > MAX_PUSH_RECORDS) {
        return json(413, { error: { code: 'payload_too_large', message: 'too many' } });
      }
      const parsed = records.map((r) => envelopeSchema.safeParse(r));
      if (parsed.some((p) => !p.success)) {
        return json(400, { error: { code: 'malformed', message: 'bad envelope' } });
      }
      this.pushes.push(records.length);
      const results = parsed.map((p) => this.accept(p.data as RecordEnvelope));
      return json(200, { results, serverTime: new Date().toISOString() });
    }
    return json(404, { error: { code: 'not_found', message: 'no route' } });
  };

  // Invariant: (id, rev) is inserted at most once; a resend is `duplicate`, an older rev `stale`.
  private accept(envelope: RecordEnvelope): PushResultV2 {
    const { id, rev } = envelope;
    if (!(RECORD_KINDS as readonly string[]).includes(envelope.kind)) {
      return { id, rev, status: 'rejected', error: { code: 'unknown_kind', message: 'kind' } };
    }
    const content = JSON.stringify(envelope);
    const key = `${id}\u0000${rev}`;
    const seen = this.byKey.get(key);
    if (seen !== undefined) {
      return seen === content
        ? { id, rev, status: 'duplicate' }
        : {
            id,
            rev,
            status: 'rejected',
            error: { code: 'conflict', message: 'conflict' },
            currentRev: this.current.get(id)?.rev ?? rev,
          };
    }
    const current = this.current.get(id);
    if (current && current.rev > rev) return { id, rev, status: 'stale', currentRev: current.rev };
    this.byKey.set(key, content);
    this.history.push({ id, rev, content });
    this.current.set(id, { rev, content, deleted: envelope.deleted });
    return { id, rev, status: 'stored' };
  }
}

export interface Harness {
  engine: SyncEngine;
  outbox: FakeOutbox;
  logs: SyncLogEntry[];
  sleeps: number[];
  meta: { lastSyncAt?: string; paused?: 'needs_enrollment' };
  authFailures: string[];
  requests: { records: number; bytes: number }[];
}

/**
 * An engine over a FakeOutbox whose fetch goes to `handle`; sleeps are recorded and return
 * at once (no real waiting), time is a fake clock advanced by each sleep.
 */
export function makeHarness(
  handle: (request: Request) => Promise<Response>,
  overrides: Partial<SyncEnginePorts> = {},
): Harness {
  const outbox = new FakeOutbox();
  const logs: SyncLogEntry[] = [];
  const sleeps: number[] = [];
  const authFailures: string[] = [];
  const requests: { records: number; bytes: number }[] = [];
  const meta: Harness['meta'] = {};
  let clock = Date.parse('2026-11-30T02:00:00Z');
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const body = typeof init?.body === 'string' ? init.body : '';
    if (request.url.endsWith('/sync/push')) {
      const parsed = JSON.parse(body) as { records: unknown[] };
      requests.push({
        records: parsed.records.length,
        bytes: new TextEncoder().encode(body).length,
      });
    }
    return handle(request);
  }) as typeof fetch;
  const engine = createSyncEngine({
    outbox,
    credentials: {
      get: async () => ({ serverUrl: 'http://sync.test', token: 'test-token' }),
      onAuthFailure: (reason) => {
        authFailures.push(reason);
        meta.paused = 'needs_enrollment';
      },
    },
    meta: {
      get: async () => ({ ...meta }),
      setLastSyncAt: async (iso) => {
        meta.lastSyncAt = iso;
      },
    },
    log: (entry) => {
      logs.push(entry);
    },
    fetch: fetchFn,
    now: () => clock,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    setTimer: () => () => undefined,
    ...overrides,
  });
  return { engine, outbox, logs, sleeps, meta, authFailures, requests };
}

/** Runs one sync to completion. */
export async function syncOnce(engine: SyncEngine, reason = 'test'): Promise<void> {
  engine.requestSync(reason);
  await engine.whenIdle();
}
