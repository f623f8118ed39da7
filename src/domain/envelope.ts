// The sync contract v1 (docs/sync-protocol-v1.md) as types and zod schemas, shared by the
// app's sync engine and the server. Changing anything here is a contract change: make /api/v2.
import { z } from 'zod';
import { RECORD_KINDS, type RecordKind } from './recordKinds';

export { RECORD_KINDS, type RecordKind } from './recordKinds';

export const recordKindSchema = z.enum(RECORD_KINDS);

/** ISO 8601 timestamp that keeps its offset (Indonesia has three time zones). */
export const isoTimestampSchema = z.iso.datetime({ offset: true });

/** Envelope shape only; the payload is validated separately against kind@schemaVersion. */
export const envelopeSchema = z.object({
  id: z.uuid(),
  kind: z.string().min(1).max(64),
  schemaVersion: z.number().int().min(1),
  rev: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  createdAt: isoTimestampSchema,
  updatedAt: isoTimestampSchema,
  deleted: z.boolean(),
  payload: z.record(z.string(), z.unknown()),
});

export interface RecordEnvelope {
  id: string;
  kind: RecordKind;
  schemaVersion: number;
  rev: number;
  createdAt: string;
  updatedAt: string;
  deleted: boolean;
  payload: Record<string, unknown>;
}

export const MAX_PUSH_RECORDS = 200;
export const MAX_PUSH_BYTES = 1024 * 1024;

export type PushStatus = 'stored' | 'duplicate' | 'stale' | 'rejected';

export type RejectionCode = 'invalid' | 'unknown_kind' | 'conflict' | 'forbidden';

export interface RecordIssue {
  path: string;
  message: string;
}

export interface PushResult {
  id: string;
  rev: number;
  status: PushStatus;
  error?: { code: RejectionCode | string; message: string; issues?: RecordIssue[] };
}

export interface PushResponse {
  results: PushResult[];
  serverTime: string;
}

export interface PushRequest {
  records: RecordEnvelope[];
}

/** Whole-request error codes of the contract (4xx with {"error":{code,message}}). */
export type RequestErrorCode =
  | 'malformed'
  | 'unauthorized'
  | 'device_revoked'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'enrollment_code_invalid';

export interface ApiError {
  error: { code: string; message: string };
}

export interface EnrollRequest {
  code: string;
  label: string;
}

export interface EnrollResponse {
  deviceId: string;
  token: string;
}
