// Every current record of the district, fetched sealed and opened in this tab with the unlocked
// district keys. Invariant: opened payloads live only in this module's store (memory of the tab):
// never in localStorage, IndexedDB, the URL or a request body, and the store is emptied when the
// console locks. A record that fails to open, fails its kind's validation, or whose clear meta
// disagrees with the meta recomputed from its payload is flagged (suggest "Perlu diperbaiki").
import { validateRecordPayload } from '../../domain';
import { canonicalJson, computeMeta, type Sealed } from '../../domain/contract';
import { openRecordPayload, type OpenKey } from '../../crypto/seal';
import { api } from '../api';
import { openSealedPool, type OpenResult, type SealedItem } from './openPool';
import { lockEvents, signedIn } from '../session';
import { createStore } from '../store';
import type { RecordsPage, SealedRecordRow } from './types';

export type RecordProblem = 'unopenable' | 'invalid_payload' | 'meta_mismatch';

export interface OpenedRecord {
  row: SealedRecordRow;
  /** The opened payload; undefined for a tombstone or a record that did not open. */
  payload?: Record<string, unknown>;
  problems: RecordProblem[];
  /** Lower-cased text of every value of the payload and the device label, for search. */
  search: string;
}

export interface RecordSet {
  list: OpenedRecord[];
  byId: Map<string, OpenedRecord>;
  /** Names of region codes, read from opened payloads (regency, kecamatan, desa). */
  regionNames: Map<string, string>;
  cursor: string;
  openedMs: number;
}

export const records = createStore<RecordSet | null>(null);
export const loading = createStore<{ done: number; total?: number } | null>(null);
// Invariant: locking forgets every opened record.
lockEvents.subscribe(() => {
  records.set(null);
  loading.set(null);
});

function collectText(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number') out.push(String(value));
  else if (Array.isArray(value)) for (const item of value) collectText(item, out);
  else if (value !== null && typeof value === 'object')
    for (const item of Object.values(value)) collectText(item, out);
}

/** Lower-case, without diacritics: "Désa" finds "desa". */
export function normaliseText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

function collectRegionNames(value: unknown, names: Map<string, string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectRegionNames(item, names);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const obj = value as Record<string, unknown>;
  for (const [code, name] of [
    ['regencyCode', 'regencyName'],
    ['districtCode', 'districtName'],
    ['villageCode', 'villageName'],
  ] as const) {
    const c = obj[code];
    const n = obj[name];
    if (typeof c === 'string' && typeof n === 'string' && n !== '') names.set(c, n);
  }
  for (const item of Object.values(obj)) collectRegionNames(item, names);
}

function headerOf(row: SealedRecordRow): SealedItem['header'] {
  return {
    id: row.id,
    rev: row.rev,
    kind: row.kind,
    schemaVersion: row.schemaVersion,
    deleted: row.deleted,
  };
}

const hasPayload = (row: SealedRecordRow): row is SealedRecordRow & { sealed: Sealed } =>
  !row.deleted && row.sealed !== null;

/** The opened record of `row` from what opening its payload gave (`null`: it did not open). */
function openedFrom(row: SealedRecordRow, result: OpenResult, check: boolean): OpenedRecord {
  if (!hasPayload(row)) return { row, problems: [], search: normaliseText(row.deviceLabel) };
  if (result === null)
    return { row, problems: ['unopenable'], search: normaliseText(row.deviceLabel) };
  const { payload } = result;
  const record =
    payload !== null && typeof payload === 'object' && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : {};
  const parts: string[] = [row.deviceLabel];
  collectText(record, parts);
  const opened: OpenedRecord = {
    row,
    payload: record,
    problems: [],
    search: normaliseText(parts.join(' \u0001 ')),
  };
  return check ? checkRecord(opened) : opened;
}

/** Opens one row (with the validation checks unless `check` is false); never throws. */
export async function openRow(
  row: SealedRecordRow,
  keys: readonly OpenKey[],
  check = true,
): Promise<OpenedRecord> {
  if (!hasPayload(row)) return openedFrom(row, null, check);
  let result: OpenResult;
  try {
    result = { payload: await openRecordPayload(headerOf(row), row.sealed, keys) };
  } catch {
    result = null;
  }
  return openedFrom(row, result, check);
}

/** Adds the problems of an opened record: fails its kind's validation, meta disagrees. */
export function checkRecord(item: OpenedRecord): OpenedRecord {
  if (!item.payload || item.problems.includes('unopenable')) return item;
  const { row, payload } = item;
  const problems: RecordProblem[] = [];
  if (!validateRecordPayload(row.kind, row.schemaVersion, payload).ok)
    problems.push('invalid_payload');
  const recomputed = computeMeta(row.kind, payload);
  if (recomputed === undefined || canonicalJson(recomputed) !== canonicalJson(row.meta))
    problems.push('meta_mismatch');
  return problems.length === 0 ? item : { ...item, problems };
}

/** Whether the checks of every record are done (the "problems" filter waits for them). */
export const checked = createStore(false);
lockEvents.subscribe(() => checked.set(false));

/** Checks every record in slices, yielding to the page between them, then stores the result. */
async function checkAll(set: RecordSet): Promise<void> {
  const generation = lockEvents.get();
  const problems = new Map<string, RecordProblem[]>();
  for (let i = 0; i < set.list.length; i += 250) {
    for (const item of set.list.slice(i, i + 250)) {
      const result = checkRecord(item);
      if (result.problems.length > 0) problems.set(item.row.id, result.problems);
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (lockEvents.get() !== generation) return; // locked meanwhile: nothing to keep
  }
  const current = records.get();
  if (!current) return;
  const list = current.list.map((item) => {
    const found = problems.get(item.row.id);
    return found ? { ...item, problems: found } : item;
  });
  records.set(buildSet(list, current.cursor, current.openedMs));
  checked.set(true);
}

/** Opens rows in the opener's workers (openPool.ts), in the order given; never throws. */
export async function openRows(
  rows: readonly SealedRecordRow[],
  keys: readonly OpenKey[],
  onProgress?: (done: number) => void,
  check = true,
): Promise<OpenedRecord[]> {
  const sealedRows = rows.filter(hasPayload);
  const results = await openSealedPool(
    sealedRows.map((row) => ({ header: headerOf(row), sealed: row.sealed })),
    keys,
    onProgress,
  );
  const byRow = new Map<SealedRecordRow, OpenResult>();
  sealedRows.forEach((row, i) => byRow.set(row, results[i] ?? null));
  return rows.map((row) => openedFrom(row, byRow.get(row) ?? null, check));
}

export function buildSet(list: OpenedRecord[], cursor: string, openedMs: number): RecordSet {
  const byId = new Map<string, OpenedRecord>();
  const regionNames = new Map<string, string>();
  for (const item of list) {
    byId.set(item.row.id, item);
    if (item.payload) collectRegionNames(item.payload, regionNames);
  }
  return { list, byId, regionNames, cursor, openedMs };
}

/** The sealed rows with their clear meta (enough for the queue, before anything is opened). */
export const rows = createStore<{
  list: SealedRecordRow[];
  cursor: string;
  /** False while later pages are still arriving (the queue paints from the first page). */
  complete: boolean;
} | null>(null);
lockEvents.subscribe(() => rows.set(null));

let fetching: Promise<SealedRecordRow[]> | undefined;

// A coordinator's first screen is the queue: start fetching the sealed rows the moment sign-in
// answers, in parallel with rendering the shell.
signedIn.subscribe((account) => {
  if (account?.roles.includes('coordinator') && !rows.get()) void fetchRows().catch(() => {});
});

/** Fetches every current record (pages of 1000), sealed. */
export function fetchRows(): Promise<SealedRecordRow[]> {
  fetching ??= (async () => {
    const list: SealedRecordRow[] = [];
    let cursor = '';
    try {
      for (;;) {
        const query = new URLSearchParams({ limit: '1000', ...(cursor ? { since: cursor } : {}) });
        const page = await api<RecordsPage>('GET', `/records?${query.toString()}`);
        list.push(...page.items);
        cursor = page.cursor;
        const complete = !page.more || page.items.length === 0;
        rows.set({ list: list.slice(), cursor, complete });
        if (complete) break;
      }
      return list;
    } finally {
      fetching = undefined;
    }
  })();
  return fetching;
}

let refreshing: Promise<number> | undefined;

/**
 * Fetches what the server received after the last page (new records, new revisions), merges it by
 * id into the sealed rows and, when the records are open, opens the new rows with `keys` and merges
 * them too. Returns how many rows arrived. A coordinator acts within hours of a report, so the
 * screens call this on a timer and on focus instead of fetching everything again.
 */
export function refreshRows(keys?: readonly OpenKey[]): Promise<number> {
  const current = rows.get();
  // Checked before the promise exists: an async body that returns before its first await would
  // run its `finally` before `refreshing` is assigned, and leave it set for ever.
  if (!current?.complete || fetching) return Promise.resolve(0);
  refreshing ??= (async () => {
    try {
      const generation = lockEvents.get();
      const arrived: SealedRecordRow[] = [];
      let cursor = current.cursor;
      for (;;) {
        const query = new URLSearchParams({ limit: '1000', ...(cursor ? { since: cursor } : {}) });
        const page = await api<RecordsPage>('GET', `/records?${query.toString()}`);
        arrived.push(...page.items);
        cursor = page.cursor || cursor;
        if (!page.more || page.items.length === 0) break;
      }
      // Locked meanwhile: nothing fetched may be kept.
      if (lockEvents.get() !== generation) return 0;
      const latest = rows.get();
      if (!latest) return 0;
      rows.set({ list: mergeById(latest.list, arrived, (row) => row.id), cursor, complete: true });
      const set = records.get();
      if (arrived.length > 0 && set && keys) {
        const opened = await openRows(arrived, keys);
        const now = records.get();
        if (now && lockEvents.get() === generation)
          records.set(
            buildSet(
              mergeById(now.list, opened, (item) => item.row.id),
              cursor,
              now.openedMs,
            ),
          );
      }
      return arrived.length;
    } finally {
      refreshing = undefined;
    }
  })();
  return refreshing;
}

/** `list` with each item of `arrived` replacing the one of the same id, or appended. */
export function mergeById<T>(
  list: readonly T[],
  arrived: readonly T[],
  idOf: (item: T) => string,
): T[] {
  if (arrived.length === 0) return list.slice();
  const incoming = new Map(arrived.map((item) => [idOf(item), item]));
  const merged = list.map((item) => {
    const replacement = incoming.get(idOf(item));
    if (replacement === undefined) return item;
    incoming.delete(idOf(item));
    return replacement;
  });
  return [...merged, ...incoming.values()];
}

let opening: Promise<RecordSet> | undefined;

/** Opens every fetched record (fetching first when needed) with the unlocked keys. */
export function loadRecords(keys: readonly OpenKey[]): Promise<RecordSet> {
  opening ??= (async () => {
    try {
      const started = performance.now();
      const fetched = rows.get();
      const list = fetched?.complete ? fetched.list : await fetchRows();
      loading.set({ done: 0, total: list.length });
      // Open first (the table shows at once), check validation and meta right after, in slices.
      const opened = await openRows(
        list,
        keys,
        (done) => loading.set({ done, total: list.length }),
        false,
      );
      const set = buildSet(opened, rows.get()?.cursor ?? '', performance.now() - started);
      checked.set(false);
      records.set(set);
      void checkAll(set);
      return set;
    } finally {
      loading.set(null);
      opening = undefined;
    }
  })();
  return opening;
}

/** Replaces one record's clear review fields after an answer (no refetch of everything). */
export function updateReview(id: string, change: Partial<SealedRecordRow>): void {
  const current = records.get();
  const item = current?.byId.get(id);
  if (!current || !item) return;
  const next: OpenedRecord = { ...item, row: { ...item.row, ...change } };
  const list = current.list.map((r) => (r.row.id === id ? next : r));
  records.set({ ...current, list, byId: new Map(current.byId).set(id, next) });
}

/** The same change in the sealed rows (the queue reads those). */
export function updateRowReview(id: string, change: Partial<SealedRecordRow>): void {
  const current = rows.get();
  if (current)
    rows.set({
      ...current,
      list: current.list.map((row) => (row.id === id ? { ...row, ...change } : row)),
    });
  updateReview(id, change);
}
