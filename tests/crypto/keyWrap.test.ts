// A district private key wrapped by a holder's passphrase (src/crypto/keyWrap.ts): it opens only
// with that passphrase, opens non-extractable, refuses damaged or moved wraps, and the unwrapped
// key opens records sealed to the district key. Argon2id runs at a tiny test cost here.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CorruptWrappedKeyError,
  WrongPassphraseError,
  parseRecoveryFile,
  recoveryFile,
  setTestWrapCost,
  unwrapPrivateKey,
  wrapPrivateKey,
  type WrappedKey,
} from '../../src/crypto/keyWrap';
import {
  describePublicKey,
  exportPublicJwk,
  generateKeyPair,
  openRecordPayload,
  sealRecordPayload,
} from '../../src/crypto/seal';
import { fromBase64Url, toBase64Url } from '../../src/domain/contract';

beforeAll(() => setTestWrapCost({ memoryKiB: 64, iterations: 1 }));
afterAll(() => setTestWrapCost(undefined));

const PASS = 'sawah hijau di lereng merapi pagi';
const header = {
  id: '0192f1a6-7a3b-7c00-8000-000000000009',
  rev: 1,
  kind: 'screening',
  schemaVersion: 1,
  deleted: false,
};

async function wrappedPair() {
  const pair = await generateKeyPair(true);
  const { kid, fingerprint } = await describePublicKey(pair.publicKey);
  const wrapped = await wrapPrivateKey(pair.privateKey, kid, PASS);
  return { pair, kid, fingerprint, wrapped };
}

describe('wrapPrivateKey / unwrapPrivateKey', () => {
  it('the unwrapped key is non-extractable and opens what was sealed to the district key', async () => {
    const { pair, kid, wrapped } = await wrappedPair();
    expect(JSON.stringify(wrapped)).not.toContain(PASS);
    const sealed = await sealRecordPayload(header, { ok: 'rahasia' }, [
      { kid, publicKey: pair.publicKey },
    ]);
    const privateKey = await unwrapPrivateKey(wrapped, PASS);
    expect(privateKey.extractable).toBe(false);
    await expect(globalThis.crypto.subtle.exportKey('pkcs8', privateKey)).rejects.toThrow();
    const opened = await openRecordPayload(header, sealed, [
      { kid, privateKey, publicKey: pair.publicKey },
    ]);
    expect(opened).toEqual({ ok: 'rahasia' });
  });

  it('a wrong passphrase is refused with WrongPassphraseError', async () => {
    const { wrapped } = await wrappedPair();
    await expect(unwrapPrivateKey(wrapped, `${PASS}!`)).rejects.toBeInstanceOf(
      WrongPassphraseError,
    );
  });

  it('a changed byte of ciphertext, iv or salt, or a wrap moved to another kid, does not open', async () => {
    const { wrapped } = await wrappedPair();
    const flip = (text: string) => {
      const raw = fromBase64Url(text)!;
      raw[3]! ^= 1;
      return toBase64Url(raw);
    };
    const variants: WrappedKey[] = [
      { ...wrapped, ct: flip(wrapped.ct) },
      { ...wrapped, iv: flip(wrapped.iv) },
      { ...wrapped, kdf: { ...wrapped.kdf, salt: flip(wrapped.kdf.salt) } },
      { ...wrapped, kid: 'AAAAAAAAAAAAAAAAAAAAAA' },
    ];
    for (const variant of variants)
      await expect(unwrapPrivateKey(variant, PASS)).rejects.toBeInstanceOf(WrongPassphraseError);
  });

  it('a damaged layout is refused with CorruptWrappedKeyError before any derivation', async () => {
    const { wrapped } = await wrappedPair();
    const bad: unknown[] = [
      null,
      'text',
      {},
      { ...wrapped, v: 2 },
      { ...wrapped, alg: 'AES-128-CBC' },
      { ...wrapped, iv: '!!' },
      { ...wrapped, iv: toBase64Url(new Uint8Array(8)) },
      { ...wrapped, kdf: { ...wrapped.kdf, alg: 'pbkdf2' } },
      { ...wrapped, kdf: { ...wrapped.kdf, iterations: 0 } },
    ];
    for (const value of bad)
      await expect(unwrapPrivateKey(value, PASS)).rejects.toBeInstanceOf(CorruptWrappedKeyError);
  });

  it('an extractable unwrap can be re-wrapped for a second holder, who opens it with their own passphrase', async () => {
    const { pair, kid, wrapped } = await wrappedPair();
    const transient = await unwrapPrivateKey(wrapped, PASS, true);
    const second = await wrapPrivateKey(transient, kid, 'kopi tubruk warung pak darto');
    const theirs = await unwrapPrivateKey(second, 'kopi tubruk warung pak darto');
    const sealed = await sealRecordPayload(header, [1, 2], [{ kid, publicKey: pair.publicKey }]);
    expect(
      await openRecordPayload(header, sealed, [
        { kid, privateKey: theirs, publicKey: pair.publicKey },
      ]),
    ).toEqual([1, 2]);
    await expect(unwrapPrivateKey(second, PASS)).rejects.toBeInstanceOf(WrongPassphraseError);
  });

  it('any passphrase round-trips and no other passphrase opens it (property)', async () => {
    const pair = await generateKeyPair(true);
    const { kid } = await describePublicKey(pair.publicKey);
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.string({ maxLength: 40 }),
        async (pass, other) => {
          fc.pre(pass.normalize('NFC') !== other.normalize('NFC'));
          const wrapped = await wrapPrivateKey(pair.privateKey, kid, pass);
          await expect(unwrapPrivateKey(wrapped, pass)).resolves.toBeDefined();
          await expect(unwrapPrivateKey(wrapped, other)).rejects.toBeInstanceOf(
            WrongPassphraseError,
          );
        },
      ),
      { numRuns: 15 },
    );
  });

  it('the recovery file carries the wrapped key, public key and fingerprint, and is checked on read', async () => {
    const { pair, fingerprint, wrapped } = await wrappedPair();
    const file = recoveryFile(
      await exportPublicJwk(pair.publicKey),
      fingerprint,
      wrapped,
      '2026-12-02T07:00:00Z',
    );
    const read = parseRecoveryFile(JSON.parse(JSON.stringify(file)));
    expect(read.fingerprint).toBe(fingerprint);
    expect(await unwrapPrivateKey(read.wrapped, PASS)).toBeDefined();
    expect(() => parseRecoveryFile({ ...file, format: 'other' })).toThrow(CorruptWrappedKeyError);
  });
});
