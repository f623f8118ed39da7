// Sealed (contract v2) records for pushes and ingest: one HPKE-sealed payload per kind, made once
// with a fresh district key pair, reused under fresh ids. The server cannot open a payload, so
// its work per record is the same as for records sealed one by one on phones.
import { randomUUID } from 'node:crypto';
import { RECORD_KINDS } from '../../src/domain';
import { computeMeta, type EnvelopeV2 } from '../../src/domain/contract';
import {
  describePublicKey,
  exportPublicJwk,
  generateKeyPair,
  sealRecordPayload,
} from '../../src/crypto/seal';
import type { PublicJwk } from '../../src/domain/contract';
import { makeEnvelopes } from './records';

export interface SealedKit {
  /** The district public key the templates are sealed to: register it on the server first. */
  publicJwk: PublicJwk;
  kid: string;
  templates: Pick<EnvelopeV2, 'kind' | 'schemaVersion' | 'meta' | 'sealed'>[];
}

export async function makeSealedKit(): Promise<SealedKit> {
  const pair = await generateKeyPair(false);
  const { kid } = await describePublicKey(pair.publicKey);
  const templates = await Promise.all(
    makeEnvelopes(RECORD_KINDS.length).map(async (e) => ({
      kind: e.kind,
      schemaVersion: e.schemaVersion,
      meta: computeMeta(e.kind, e.payload) ?? {},
      sealed: await sealRecordPayload(e, e.payload, [{ kid, publicKey: pair.publicKey }]),
    })),
  );
  return { publicJwk: await exportPublicJwk(pair.publicKey), kid, templates };
}

/** `count` new sealed envelopes (rev 1, fresh UUIDs), cycling through the kinds. */
export function makeSealedEnvelopes(kit: SealedKit, count: number, offset = 0): EnvelopeV2[] {
  const at = '2026-11-30T09:15:00+07:00';
  return Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    rev: 1,
    createdAt: at,
    updatedAt: at,
    deleted: false,
    ...kit.templates[(offset + i) % kit.templates.length]!,
  })) as EnvelopeV2[];
}
