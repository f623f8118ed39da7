// Records for the console's tests: real kind examples sealed to a district key with src/crypto,
// as the phone seals them, and rows in the shape GET /api/console/records answers.
import { RECORD_KIND_DECLARATIONS, type RecordKind } from '../../src/domain';
import { computeMeta } from '../../src/domain/contract';
import {
  describePublicKey,
  generateKeyPair,
  sealRecordPayload,
  type OpenKey,
} from '../../src/crypto/seal';
import type { SealedRecordRow } from '../../src/console/records/types';

export async function districtKey(): Promise<{ open: OpenKey; publicKey: CryptoKey; kid: string }> {
  const pair = await generateKeyPair(false);
  const { kid } = await describePublicKey(pair.publicKey);
  return {
    kid,
    publicKey: pair.publicKey,
    open: { kid, privateKey: pair.privateKey, publicKey: pair.publicKey },
  };
}

export function example(kind: RecordKind, index = 0): Record<string, unknown> {
  const examples = RECORD_KIND_DECLARATIONS[kind].examples as readonly Record<string, unknown>[];
  return structuredClone(examples[index % examples.length]!);
}

let counter = 0;
export function uuid(n = ++counter): string {
  return `0192f1a6-7a3b-7c00-8000-${n.toString(16).padStart(12, '0')}`;
}

/** A clear row without a sealed payload (queue and filter tests need only meta). */
export function row(partial: Partial<SealedRecordRow> & { kind: string }): SealedRecordRow {
  return {
    id: uuid(),
    rev: 1,
    schemaVersion: 1,
    createdAt: '2026-12-01T08:00:00+07:00',
    updatedAt: '2026-12-01T08:00:00+07:00',
    receivedAt: '2026-12-01T09:00:00Z',
    deleted: false,
    meta: {},
    sealed: null,
    deviceId: 'dev-1',
    deviceLabel: 'HP posyandu Melati',
    ...partial,
  };
}

/** A row sealed from `payload` with its meta computed as the phone does (or `meta` to disagree). */
export async function sealedRow(
  kind: RecordKind,
  payload: Record<string, unknown>,
  key: { kid: string; publicKey: CryptoKey },
  extra: Partial<SealedRecordRow> = {},
): Promise<SealedRecordRow> {
  const id = extra.id ?? uuid();
  const rev = extra.rev ?? 1;
  const schemaVersion = RECORD_KIND_DECLARATIONS[kind].schemaVersion;
  const sealed = await sealRecordPayload(
    { id, rev, kind, schemaVersion, deleted: false },
    payload,
    [{ kid: key.kid, publicKey: key.publicKey }],
  );
  return row({
    kind,
    schemaVersion,
    meta: computeMeta(kind, payload) ?? {},
    ...extra,
    id,
    rev,
    sealed,
  });
}
