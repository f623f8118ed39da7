// Drafts of forms being filled in, encrypted like records, and a debounced autosaver so killing
// the app mid-form loses at most the last second of typing.
import type { RecordKind } from '../domain/recordKinds';
import { decryptJson, encryptJson } from './crypto';
import { getDb, type DraftRow } from './db';
import { guardWrite } from './errors';
import { isoToMs } from './time';
import { requireKey } from './vault';

export interface Draft {
  id: string;
  kind: RecordKind;
  payload: Record<string, unknown>;
  section?: string;
  updatedAt: string;
}

interface DraftSecret {
  payload: Record<string, unknown>;
  section?: string;
}

export async function saveDraft(d: Draft): Promise<void> {
  const secret: DraftSecret = { payload: d.payload };
  if (d.section !== undefined) secret.section = d.section;
  const box = await encryptJson(requireKey(), secret);
  const db = await getDb();
  await guardWrite(() =>
    db.drafts.put({
      id: d.id,
      kind: d.kind,
      updatedAt: d.updatedAt,
      updatedMs: isoToMs(d.updatedAt),
      box,
    }),
  );
}

async function toDraft(row: DraftRow): Promise<Draft> {
  const secret = await decryptJson<DraftSecret>(requireKey(), row.box);
  const draft: Draft = {
    id: row.id,
    kind: row.kind,
    payload: secret.payload,
    updatedAt: row.updatedAt,
  };
  if (secret.section !== undefined) draft.section = secret.section;
  return draft;
}

export async function getDraft(id: string): Promise<Draft | undefined> {
  requireKey();
  const db = await getDb();
  const row = await db.drafts.get(id);
  return row ? toDraft(row) : undefined;
}

/** Drafts, newest first, optionally of one kind. */
export async function listDrafts(kind?: RecordKind): Promise<Draft[]> {
  requireKey();
  const db = await getDb();
  const rows = kind
    ? await db.drafts.where('kind').equals(kind).toArray()
    : await db.drafts.toArray();
  rows.sort((a, b) => b.updatedMs - a.updatedMs);
  return Promise.all(rows.map(toDraft));
}

export async function deleteDraft(id: string): Promise<void> {
  const db = await getDb();
  await guardWrite(() => db.drafts.delete(id));
}

export interface Autosaver {
  /** Saves `d` after `delayMs` without a newer schedule (debounced). */
  schedule(d: Draft): void;
  /** Saves a scheduled draft now; rejects if that save fails (the draft stays scheduled). */
  flush(): Promise<void>;
  /** Flushes and stops (the form closes). */
  dispose(): Promise<void>;
}

const MAX_DELAY_MS = 1000;
const liveAutosavers = new Set<Autosaver>();

/**
 * A debounced saver (delay at most 1 s). Saves run one after another, in order. Errors of a
 * timer-triggered save go to `onError` (e.g. quota_exceeded shown to the user); the draft stays
 * scheduled and is retried by the next schedule or flush.
 */
export function createAutosaver(
  save: (d: Draft) => Promise<void>,
  delayMs = 800,
  onError?: (e: unknown) => void,
): Autosaver {
  const delay = Math.min(Math.max(0, delayMs), MAX_DELAY_MS);
  let pending: Draft | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let chain: Promise<void> = Promise.resolve();

  function run(): Promise<void> {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const draft = pending;
    if (!draft) return chain;
    pending = undefined;
    const saving = chain.then(() =>
      save(draft).catch((e: unknown) => {
        // Keep it for the next attempt unless a newer draft was scheduled meanwhile.
        if (!pending) pending = draft;
        throw e;
      }),
    );
    chain = saving.catch(() => undefined);
    return saving;
  }

  const autosaver: Autosaver = {
    schedule(d) {
      pending = d;
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => {
        run().catch((e: unknown) => onError?.(e));
      }, delay);
    },
    async flush() {
      await run();
    },
    async dispose() {
      try {
        await run();
      } finally {
        liveAutosavers.delete(autosaver);
      }
    },
  };
  liveAutosavers.add(autosaver);
  return autosaver;
}

/** Flushes every live autosaver (before a service-worker update reload and before locking). */
export async function flushAllAutosavers(): Promise<void> {
  const results = await Promise.allSettled([...liveAutosavers].map((a) => a.flush()));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
