// Session-only cache of decrypted payloads, keyed by id and valid for one rev. It makes search
// over thousands of records fast after the first pass. It is memory only (never persisted) and
// is emptied when the vault locks.
import { decryptJson } from './crypto';
import type { RecordRow } from './db';
import { onKeyDropped, requireKey } from './vault';

const cache = new Map<string, { rev: number; payload: Record<string, unknown> }>();
onKeyDropped(() => cache.clear());

const BATCH = 200;

export function rememberPayload(id: string, rev: number, payload: Record<string, unknown>): void {
  cache.set(id, { rev, payload });
}

export function forgetPayload(id: string): void {
  cache.delete(id);
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
