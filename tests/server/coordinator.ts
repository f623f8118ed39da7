// Plays the coordinator (and a v2 phone) in tests, without the console: a district key pair whose
// public half is registered on the server, v2 enrollment with a device key, sealed envelopes built
// from the domain's examples, and opening what the server stored. The admin CLI offers the same
// through `district-key create`, `review`, `open` (src/server/adminCoordinator.ts).
import { randomUUID } from 'node:crypto';
import {
  computeMeta,
  type EnvelopeV2,
  type PushResponseV2,
  type Sealed,
} from '../../src/domain/contract';
import { getDeclaration, type RecordKind } from '../../src/domain';
import {
  describePublicKey,
  exportPublicJwk,
  generateKeyPair,
  openRecordPayload,
  sealRecordPayload,
  type OpenKey,
  type SealRecipient,
} from '../../src/crypto/seal';
import { createEnrollmentCode } from '../../src/server/devices';
import { registerDistrictKey } from '../../src/server/districtKeys';
import type { TestApp } from './helpers';

export interface KeyHolder {
  kid: string;
  fingerprint: string;
  recipient: SealRecipient;
  open: OpenKey;
}

/** A fresh P-256 key pair with its kid (not registered anywhere). */
export async function newKeyHolder(): Promise<KeyHolder> {
  const pair = await generateKeyPair(true);
  const { kid, fingerprint } = await describePublicKey(pair.publicKey);
  return {
    kid,
    fingerprint,
    recipient: { kid, publicKey: pair.publicKey },
    open: { kid, privateKey: pair.privateKey, publicKey: pair.publicKey },
  };
}

/** A district key registered as active on the server (phones learn it through the feed). */
export async function createDistrictKey(t: Pick<TestApp, 'opened'>): Promise<KeyHolder> {
  const holder = await newKeyHolder();
  await registerDistrictKey(t.opened.db, await exportPublicJwk(holder.recipient.publicKey));
  return holder;
}

export interface V2Phone {
  deviceId: string;
  token: string;
  key: KeyHolder;
  districtKeys: SealRecipient[];
}

/** Enrolls a phone through POST /api/v2/devices/enroll with its own device key. */
export async function enrollV2(
  t: Pick<TestApp, 'app' | 'opened' | 'dataKey'>,
  label = 'HP kader posyandu',
): Promise<V2Phone> {
  const { code } = await createEnrollmentCode(t.opened.db, t.dataKey, {
    uses: 1,
    expiresInHours: 1,
  });
  const key = await newKeyHolder();
  const response = await t.app.request('/api/v2/devices/enroll', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      code,
      label,
      devicePublicKey: await exportPublicJwk(key.recipient.publicKey),
    }),
  });
  if (response.status !== 201) throw new Error(`v2 enroll failed: ${response.status}`);
  const body = (await response.json()) as {
    deviceId: string;
    token: string;
    district: { keys: { kid: string; publicKey: JsonWebKey }[] };
  };
  const districtKeys = await Promise.all(
    body.district.keys.map(async (k) => ({
      kid: k.kid,
      publicKey: await crypto.subtle.importKey(
        'jwk',
        k.publicKey,
        { name: 'ECDH', namedCurve: 'P-256' },
        true,
        [],
      ),
    })),
  );
  return { deviceId: body.deviceId, token: body.token, key, districtKeys };
}

/** The example payload of a kind (or the given payload) sealed into a v2 envelope. */
export async function sealedEnvelope(
  recipients: readonly SealRecipient[],
  options: {
    kind?: RecordKind;
    id?: string;
    rev?: number;
    payload?: Record<string, unknown>;
    deleted?: boolean;
  } = {},
): Promise<EnvelopeV2> {
  const kind = options.kind ?? 'migrant';
  const declaration = getDeclaration(kind);
  if (!declaration) throw new Error(`no declaration for ${kind}`);
  const payload =
    options.payload ?? (structuredClone(declaration.examples[0]) as Record<string, unknown>);
  const header = {
    id: options.id ?? randomUUID(),
    rev: options.rev ?? 1,
    kind,
    schemaVersion: declaration.schemaVersion,
    deleted: options.deleted ?? false,
  };
  const base = {
    ...header,
    createdAt: '2026-11-30T09:15:00+07:00',
    updatedAt: '2026-11-30T09:20:00+07:00',
  };
  if (header.deleted) return { ...base, meta: {} };
  return {
    ...base,
    meta: computeMeta(kind, payload) ?? {},
    sealed: await sealRecordPayload(header, payload, recipients),
  };
}

/** POST /api/v2/sync/push through app.request(). */
export async function pushV2(
  app: TestApp['app'],
  token: string,
  records: unknown[],
): Promise<{ status: number; body: PushResponseV2 & { error?: { code: string } } }> {
  const response = await app.request('/api/v2/sync/push', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ records }),
  });
  return { status: response.status, body: (await response.json()) as PushResponseV2 };
}

/** GET /api/v2/sync/feed through app.request(). */
export async function feed(
  app: TestApp['app'],
  token: string,
  query = '',
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await app.request(`/api/v2/sync/feed${query}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Opens the sealed payload the server stores for (id, rev) with a district key. */
export async function openStored(
  t: Pick<TestApp, 'opened'>,
  key: KeyHolder,
  id: string,
  rev: number,
): Promise<unknown> {
  const row = await t.opened.db
    .selectFrom('sealed_revisions')
    .selectAll()
    .where('id', '=', id)
    .where('rev', '=', rev)
    .executeTakeFirstOrThrow();
  if (row.sealed === null) throw new Error('tombstone');
  return openRecordPayload(
    {
      id: row.id,
      rev: Number(row.rev),
      kind: row.kind,
      schemaVersion: row.schema_version,
      deleted: row.deleted === 1,
    },
    JSON.parse(row.sealed) as Sealed,
    [key.open],
  );
}
