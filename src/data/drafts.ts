// Drafts of forms being filled in, encrypted like records, and a debounced autosaver so killing
// the app mid-form loses at most the last second of typing.
import type { RecordKind } from '../domain/recordKinds';
import { decryptJson, encryptJson } from './crypto';
import { getDb, type DraftRow } from './db';
import { guardWrite } from './errors';
import { currentSlot } from './slot';
import { isoToMs } from './time';
import { onVaultChange, requireKey } from './vault';

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

async function draftRow(d: Draft): Promise<DraftRow> {
  const secret: DraftSecret = { payload: d.payload };
  if (d.section !== undefined) secret.section = d.section;
  const box = await encryptJson(requireKey(), secret);
  return { id: d.id, kind: d.kind, updatedAt: d.updatedAt, updatedMs: isoToMs(d.updatedAt), box };
}

export async function saveDraft(d: Draft): Promise<void> {
  const row = await draftRow(d);
  const db = await getDb();
  await guardWrite(() => db.drafts.put(row));
  heldFor(currentSlot()).delete(d.id);
}

// Drafts that could not be written when the app locked (storage full), per profile slot. Held
// encrypted with that profile's data key, in memory only: locking never waits for storage, and
// another profile never sees them. Written on the next unlock of their profile when there is room.
const held = new Map<string, Map<string, DraftRow>>();

function heldFor(slot: string): Map<string, DraftRow> {
  let rows = held.get(slot);
  if (!rows) held.set(slot, (rows = new Map()));
  return rows;
}

/** Drafts held in memory (encrypted) because storage was full when the app locked. */
export function countHeldDrafts(): number {
  let n = 0;
  for (const rows of held.values()) n += rows.size;
  return n;
}

/** Tries to write the open profile's held drafts; those that still do not fit stay held. */
export async function writeHeldDrafts(): Promise<void> {
  const rows = heldFor(currentSlot());
  if (rows.size === 0) return;
  const db = await getDb();
  for (const row of [...rows.values()]) {
    try {
      await guardWrite(() => db.drafts.put(row));
      rows.delete(row.id);
    } catch {
      return; // Still full: keep them for later.
    }
  }
}

onVaultChange((status) => {
  if (status === 'unlocked') writeHeldDrafts().catch(() => undefined);
  if (status === 'uninitialised') held.clear();
});

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
  const heldRow = heldFor(currentSlot()).get(id);
  if (heldRow) return toDraft(heldRow);
  const db = await getDb();
  const row = await db.drafts.get(id);
  return row ? toDraft(row) : undefined;
}

/** Drafts, newest first, optionally of one kind. */
export async function listDrafts(kind?: RecordKind): Promise<Draft[]> {
  requireKey();
  const db = await getDb();
  const stored = kind
    ? await db.drafts.where('kind').equals(kind).toArray()
    : await db.drafts.toArray();
  const heldRows = heldFor(currentSlot());
  const rows = [
    ...stored.filter((r) => !heldRows.has(r.id)),
    ...[...heldRows.values()].filter((r) => !kind || r.kind === kind),
  ];
  rows.sort((a, b) => b.updatedMs - a.updatedMs);
  return Promise.all(rows.map(toDraft));
}

export async function deleteDraft(id: string): Promise<void> {
  heldFor(currentSlot()).delete(id);
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

interface AutosaverInternals {
  /** The scheduled draft, removed from the autosaver (the lock holds it instead). */
  take(): Draft | undefined;
}

const MAX_DELAY_MS = 1000;
const liveAutosavers = new Set<Autosaver & AutosaverInternals>();

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

  const autosaver: Autosaver & AutosaverInternals = {
    take() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      const draft = pending;
      pending = undefined;
      return draft;
    },
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

/**
 * Before locking: flush every autosaver, waiting at most `timeoutMs`. A draft that could not be
 * written (storage full, or storage too slow) is encrypted now and held in memory for its
 * profile (countHeldDrafts). Never throws: nothing may keep the app from locking.
 */
export async function flushForLock(timeoutMs = 2000): Promise<{ held: number }> {
  const savers = [...liveAutosavers];
  const flushed = Promise.allSettled(savers.map((a) => a.flush()));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  await Promise.race([flushed, timeout]);
  clearTimeout(timer);
  let heldNow = 0;
  const rows = heldFor(currentSlot());
  for (const saver of savers) {
    const draft = saver.take();
    if (!draft) continue;
    try {
      rows.set(draft.id, await draftRow(draft));
      heldNow++;
    } catch {
      // Already locked elsewhere: nothing can encrypt it any more.
    }
  }
  return { held: heldNow };
}
