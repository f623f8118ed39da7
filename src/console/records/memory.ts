// Every current record of the district, fetched sealed and opened in this tab with the unlocked
// district keys. Invariant: opened payloads live only in this module's store (memory of the tab):
// never in localStorage, IndexedDB, the URL or a request body, and the store is emptied when the
// console locks. A record that fails to open, fails its kind's validation, or whose clear meta
// disagrees with the meta recomputed from its payload is flagged (suggest "Perlu diperbaiki").
import { validateRecordPayload } from '../../domain';
import { canonicalJson, computeMeta } from '../../domain/contract';
import { openRecordPayload, type OpenKey } from '../../crypto/seal';
import { api } from '../api';
import { lockEvents } from '../session';
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

/** Opens one row and checks it; never throws. */
export async function openRow(
  row: SealedRecordRow,
  keys: readonly OpenKey[],
): Promise<OpenedRecord> {
  if (row.deleted || row.sealed === null)
    return { row, problems: [], search: normaliseText(row.deviceLabel) };
  let payload: unknown;
  try {
    payload = await openRecordPayload(
      {
        id: row.id,
        rev: row.rev,
        kind: row.kind,
        schemaVersion: row.schemaVersion,
        deleted: row.deleted,
      },
      row.sealed,
      keys,
    );
  } catch {
    return { row, problems: ['unopenable'], search: normaliseText(row.deviceLabel) };
  }
  const record =
    payload !== null && typeof payload === 'object' && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : {};
  const problems: RecordProblem[] = [];
  if (!validateRecordPayload(row.kind, row.schemaVersion, payload).ok)
    problems.push('invalid_payload');
  const recomputed = computeMeta(row.kind, record);
  if (recomputed === undefined || canonicalJson(recomputed) !== canonicalJson(row.meta))
    problems.push('meta_mismatch');
  const parts: string[] = [row.deviceLabel];
  collectText(record, parts);
  return { row, payload: record, problems, search: normaliseText(parts.join(' \u0001 ')) };
}

/** Opens rows with a bounded number in flight (WebCrypto works off the main thread). */
export async function openRows(
  rows: readonly SealedRecordRow[],
  keys: readonly OpenKey[],
  onProgress?: (done: number) => void,
  parallel = 64,
): Promise<OpenedRecord[]> {
  const out = new Array<OpenedRecord>(rows.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (;;) {
      const index = next++;
      if (index >= rows.length) return;
      out[index] = await openRow(rows[index]!, keys);
      done++;
      if (onProgress && done % 500 === 0) onProgress(done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, rows.length) }, worker));
  return out;
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
export const rows = createStore<{ list: SealedRecordRow[]; cursor: string } | null>(null);
lockEvents.subscribe(() => rows.set(null));

let fetching: Promise<SealedRecordRow[]> | undefined;

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
        if (!page.more || page.items.length === 0) break;
      }
      rows.set({ list, cursor });
      return list;
    } finally {
      fetching = undefined;
    }
  })();
  return fetching;
}

let opening: Promise<RecordSet> | undefined;

/** Opens every fetched record (fetching first when needed) with the unlocked keys. */
export function loadRecords(keys: readonly OpenKey[]): Promise<RecordSet> {
  opening ??= (async () => {
    try {
      const started = performance.now();
      const list = rows.get()?.list ?? (await fetchRows());
      loading.set({ done: 0, total: list.length });
      const opened = await openRows(list, keys, (done) =>
        loading.set({ done, total: list.length }),
      );
      const set = buildSet(opened, rows.get()?.cursor ?? '', performance.now() - started);
      records.set(set);
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
