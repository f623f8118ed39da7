// The bulk opener (src/crypto/bulkOpen.ts) is the same HPKE open as @hpke/core's: it opens what
// seal.ts seals, for any payload, and refuses what openRecordPayload refuses.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRecordOpener } from '../../src/crypto/bulkOpen';
import {
  SealedOpenError,
  describePublicKey,
  generateKeyPair,
  openRecordPayload,
  sealRecordPayload,
  type OpenKey,
} from '../../src/crypto/seal';
import { fromBase64Url, toBase64Url, type Sealed } from '../../src/domain/contract';

async function key(): Promise<OpenKey> {
  const pair = await generateKeyPair(false);
  const { kid } = await describePublicKey(pair.publicKey);
  return { kid, privateKey: pair.privateKey, publicKey: pair.publicKey };
}
const header = {
  id: '0192f1a6-7a3b-7c00-8000-0000000000aa',
  rev: 3,
  kind: 'referral',
  schemaVersion: 1,
  deleted: false,
};
const flip = (text: string, at: number) => {
  const raw = fromBase64Url(text)!;
  raw[at % raw.length]! ^= 0x80;
  return toBase64Url(raw);
};

describe('createRecordOpener', () => {
  it('opens any payload sealed by seal.ts, to one of several recipients (property)', async () => {
    const [a, b] = [await key(), await key()];
    const open = await createRecordOpener([b]);
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (payload) => {
        const sealed = await sealRecordPayload(header, payload, [a, b]);
        const expected = await openRecordPayload(header, sealed, [b]);
        expect(await open(header, sealed)).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses a wrong key, a moved header and every changed byte, as openRecordPayload does', async () => {
    const [a, other] = [await key(), await key()];
    const open = await createRecordOpener([a]);
    const sealed = await sealRecordPayload(header, { n: 1 }, [a]);
    await expect((await createRecordOpener([other]))(header, sealed)).rejects.toBeInstanceOf(
      SealedOpenError,
    );
    await expect(open({ ...header, rev: 4 }, sealed)).rejects.toBeInstanceOf(SealedOpenError);
    await expect(open({ ...header, deleted: true }, sealed)).rejects.toBeInstanceOf(
      SealedOpenError,
    );
    const r = sealed.recipients[0]!;
    const variants: Sealed[] = [
      { ...sealed, ct: flip(sealed.ct, 5) },
      { ...sealed, iv: flip(sealed.iv, 1) },
      { ...sealed, recipients: [{ ...r, key: flip(r.key, 7) }] },
      { ...sealed, recipients: [{ ...r, enc: flip(r.enc, 20) }] },
      { ...sealed, v: 2 as 1 },
    ];
    for (const variant of variants) {
      await expect(open(header, variant)).rejects.toBeInstanceOf(SealedOpenError);
      await expect(openRecordPayload(header, variant, [a])).rejects.toBeInstanceOf(SealedOpenError);
    }
  });
});
