// Session-only caches of decrypted payloads and of their folded search text, keyed by id and
// valid for one rev. They make search over thousands of records fast after the first pass. They
// are memory only (never persisted) and are emptied when the vault locks.
import { decryptJson } from './crypto';
import type { RecordRow } from './db';
import { onKeyDropped, requireKey } from './vault';

const cache = new Map<string, { rev: number; payload: Record<string, unknown> }>();
/** Per search-text function (the kind declaration's, or the default): id → folded text of a rev. */
let searchTexts = new WeakMap<object, Map<string, { rev: number; text: string }>>();
/** Per extract function (listRecordFacts): id → what it read from one rev. */
let facts = new WeakMap<object, Map<string, { rev: number; value: unknown }>>();
onKeyDropped(() => {
  cache.clear();
  searchTexts = new WeakMap();
  facts = new WeakMap();
});

const BATCH = 200;

export function rememberPayload(id: string, rev: number, payload: Record<string, unknown>): void {
  cache.set(id, { rev, payload });
}

export function forgetPayload(id: string): void {
  cache.delete(id);
}

/** Forgets every search text (a record's content changed without a new rev: retention). */
export function forgetSearchTexts(): void {
  searchTexts = new WeakMap();
}

/** The decrypted payload of a row (shared object: callers that hand it out must copy it). */
export async function payloadOf(row: RecordRow): Promise<Record<string, unknown>> {
  const hit = cache.get(row.id);
  if (hit && hit.rev === row.rev) return hit.payload;
  const payload = await decryptJson<Record<string, unknown>>(requireKey(), row.box);
  cache.set(row.id, { rev: row.rev, payload });
  return payload;
}

/** Decrypts many rows in batches, so a long list never starts thousands of operations at once. */
export async function payloadsOf(rows: RecordRow[]): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < rows.length; i += BATCH) {
    out.push(...(await Promise.all(rows.slice(i, i + BATCH).map(payloadOf))));
  }
  return out;
}

/** The search texts computed by `fn` (a function object), per record id. */
export function searchTextCache(fn: object): Map<string, { rev: number; text: string }> {
  let texts = searchTexts.get(fn);
  if (!texts) {
    texts = new Map();
    searchTexts.set(fn, texts);
  }
  return texts;
}

/** What `fn` (a function object) read from each record, per id and rev. */
export function factCache<T>(fn: object): Map<string, { rev: number; value: T }> {
  let values = facts.get(fn);
  if (!values) {
    values = new Map();
    facts.set(fn, values);
  }
  return values as Map<string, { rev: number; value: T }>;
}
