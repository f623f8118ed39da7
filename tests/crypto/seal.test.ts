// Sealing of contract v2 (src/crypto/seal.ts): round trips, and every tampering fails to open.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SealedOpenError,
  describePublicKey,
  exportPublicJwk,
  generateKeyPair,
  openRecordPayload,
  openReviewNote,
  sealRecordPayload,
  sealReviewNote,
  type OpenKey,
  type SealRecipient,
} from '../../src/crypto/seal';
import {
  FINGERPRINT_PATTERN,
  KID_PATTERN,
  fromBase64Url,
  sealedSchema,
  toBase64Url,
  type Sealed,
  type SealedRecordHeader,
} from '../../src/domain/contract';

async function districtKey(): Promise<{ recipient: SealRecipient; open: OpenKey }> {
  const pair = await generateKeyPair(false);
  const { kid } = await describePublicKey(pair.publicKey);
  return {
    recipient: { kid, publicKey: pair.publicKey },
    open: { kid, privateKey: pair.privateKey, publicKey: pair.publicKey },
  };
}

const header: SealedRecordHeader = {
  id: '0192f1a6-7a3b-7c00-8000-000000000001',
  rev: 2,
  kind: 'screening',
  schemaVersion: 1,
  deleted: false,
};
const payload = { subjectInitials: 'R.A.', situation: 'Dijanjikan kerja — gaji 4 bulan', n: 3 };

function flip(text: string, index: number): string {
  const raw = fromBase64Url(text)!;
  raw[index % raw.length]! ^= 0x01;
  return toBase64Url(raw);
}

describe('sealRecordPayload / openRecordPayload', () => {
  it('opens with any recipient key and matches the contract schema', async () => {
    const a = await districtKey();
    const b = await districtKey();
    const sealed = await sealRecordPayload(header, payload, [a.recipient, b.recipient]);
    expect(sealedSchema.safeParse(sealed).success).toBe(true);
    expect(await openRecordPayload(header, sealed, [a.open])).toEqual(payload);
    expect(await openRecordPayload(header, sealed, [b.open])).toEqual(payload);
    expect(JSON.stringify(sealed)).not.toContain('R.A.');
  });

  it('refuses a key it was not sealed to', async () => {
    const a = await districtKey();
    const other = await districtKey();
    const sealed = await sealRecordPayload(header, payload, [a.recipient]);
    await expect(openRecordPayload(header, sealed, [other.open])).rejects.toBeInstanceOf(
      SealedOpenError,
    );
    // The right kid with the wrong private key fails too.
    await expect(
      openRecordPayload(header, sealed, [{ ...other.open, kid: a.open.kid }]),
    ).rejects.toBeInstanceOf(SealedOpenError);
  });

  it('fails to open when moved to another id, rev, kind, schemaVersion or deleted flag', async () => {
    const a = await districtKey();
    const sealed = await sealRecordPayload(header, payload, [a.recipient]);
    const moved: SealedRecordHeader[] = [
      { ...header, id: '0192f1a6-7a3b-7c00-8000-000000000002' },
      { ...header, rev: 3 },
      { ...header, kind: 'referral' },
      { ...header, schemaVersion: 2 },
      { ...header, deleted: true },
    ];
    for (const other of moved)
      await expect(openRecordPayload(other, sealed, [a.open])).rejects.toBeInstanceOf(
        SealedOpenError,
      );
  });

  it('fails to open when any byte of ct, iv, enc or key is flipped (property)', async () => {
    const a = await districtKey();
    const sealed = await sealRecordPayload(header, payload, [a.recipient]);
    const recipient = sealed.recipients[0]!;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('ct', 'iv', 'enc', 'key'), fc.nat(), async (part, index) => {
        const tampered: Sealed =
          part === 'ct' || part === 'iv'
            ? { ...sealed, [part]: flip(sealed[part], index) }
            : {
                ...sealed,
                recipients: [{ ...recipient, [part]: flip(recipient[part], index) }],
              };
        await expect(openRecordPayload(header, tampered, [a.open])).rejects.toBeInstanceOf(
          SealedOpenError,
        );
      }),
      { numRuns: 40 },
    );
  });

  it('seals every time afresh (random content key and iv)', async () => {
    const a = await districtKey();
    const one = await sealRecordPayload(header, payload, [a.recipient]);
    const two = await sealRecordPayload(header, payload, [a.recipient]);
    expect(one.ct).not.toBe(two.ct);
    expect(one.iv).not.toBe(two.iv);
  });
});

describe('review notes', () => {
  it('open for the device and the district, bound to record, rev, state and time', async () => {
    const device = await districtKey();
    const district = await districtKey();
    const noteHeader = {
      recordId: header.id,
      rev: 2,
      state: 'needs_correction',
      at: '2026-12-01T10:00:00.000Z',
    };
    const sealed = await sealReviewNote(noteHeader, 'Tanggal skrining salah', [
      device.recipient,
      district.recipient,
    ]);
    expect(await openReviewNote(noteHeader, sealed, [device.open])).toBe('Tanggal skrining salah');
    expect(await openReviewNote(noteHeader, sealed, [district.open])).toBe(
      'Tanggal skrining salah',
    );
    await expect(
      openReviewNote({ ...noteHeader, state: 'closed' }, sealed, [device.open]),
    ).rejects.toBeInstanceOf(SealedOpenError);
    // A note is not a record payload: the info and AAD differ.
    await expect(openRecordPayload(header, sealed, [device.open])).rejects.toBeInstanceOf(
      SealedOpenError,
    );
  });
});

describe('describePublicKey', () => {
  it('gives the same kid and fingerprint from the CryptoKey and from its JWK', async () => {
    const pair = await generateKeyPair(false);
    const fromKey = await describePublicKey(pair.publicKey);
    const fromJwk = await describePublicKey(await exportPublicJwk(pair.publicKey));
    expect(fromJwk).toEqual(fromKey);
    expect(fromKey.kid).toMatch(KID_PATTERN);
    expect(fromKey.fingerprint).toMatch(FINGERPRINT_PATTERN);
  });
});
