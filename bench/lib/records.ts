// Valid record envelopes for pushes and ingest, built from the domain's declared examples (so the
// server's validation passes exactly as it does for the app's records).
import { randomUUID } from 'node:crypto';
import { RECORD_KIND_DECLARATIONS } from '../../src/domain';
import { RECORD_KINDS, type RecordEnvelope, type RecordKind } from '../../src/domain/envelope';

/** The n-th record kind and a valid payload for it, cycling through every kind. */
export function validPayload(n: number): {
  kind: RecordKind;
  schemaVersion: number;
  payload: Record<string, unknown>;
} {
  const kind = RECORD_KINDS[n % RECORD_KINDS.length]!;
  const declaration = RECORD_KIND_DECLARATIONS[kind];
  return {
    kind,
    schemaVersion: declaration.schemaVersion,
    payload: structuredClone(declaration.examples[0] as Record<string, unknown>),
  };
}

/** `count` new envelopes (rev 1, fresh UUIDs), cycling through the kinds. */
export function makeEnvelopes(count: number, offset = 0): RecordEnvelope[] {
  const at = '2026-11-30T09:15:00+07:00';
  return Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    ...validPayload(offset + i),
    rev: 1,
    createdAt: at,
    updatedAt: at,
    deleted: false,
  }));
}
