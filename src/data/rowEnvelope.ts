// The one mapping from a stored record row to the contract's envelope fields. Lists, details,
// the outbox and backups all build their envelopes here, so a field added to the envelope is
// added once.
import type { RecordEnvelope } from '../domain/envelope';
import type { RecordRow } from './db';

/** The envelope fields of a row (everything but the payload, which is encrypted in the row). */
export function envelopeFields(row: RecordRow): Omit<RecordEnvelope, 'payload'> {
  return {
    id: row.id,
    kind: row.kind,
    schemaVersion: row.schemaVersion,
    rev: row.rev,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    deleted: row.deleted,
  };
}

/** The envelope of a row with its decrypted payload. */
export function envelopeOf(row: RecordRow, payload: Record<string, unknown>): RecordEnvelope {
  return { ...envelopeFields(row), payload };
}
