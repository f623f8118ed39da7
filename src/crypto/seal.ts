// Sealing and opening of contract v2 through WebCrypto and @hpke/core (RFC 9180), shared by the
// phone (seal records, open review notes), the console and the admin CLI (seal notes, open
// records) and the tests. Runs wherever `globalThis.crypto.subtle` exists: browsers, workers,
// Node 20. The byte layout (suite, AAD, canonical JSON, kid, fingerprint) is fixed in
// src/domain/contract/sealing.ts; this file only performs it.
import { Aes256Gcm, CipherSuite, DhkemP256HkdfSha256, HkdfSha256 } from '@hpke/core';
import {
  CONTENT_IV_BYTES,
  CONTENT_KEY_BYTES,
  HPKE_INFO_NOTE,
  HPKE_INFO_RECORD,
  SEALED_VERSION,
  canonicalJson,
  fingerprintFromSpkiDigest,
  fromBase64Url,
  kidFromSpkiDigest,
  noteAad,
  recordAad,
  toBase64Url,
  utf8Encode,
  type PublicJwk,
  type Sealed,
  type SealedNoteHeader,
  type SealedRecordHeader,
} from '../domain/contract';

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

let suiteInstance: CipherSuite | undefined;
function suite(): CipherSuite {
  suiteInstance ??= new CipherSuite({
    kem: new DhkemP256HkdfSha256(),
    kdf: new HkdfSha256(),
    aead: new Aes256Gcm(),
  });
  return suiteInstance;
}

const EC = { name: 'ECDH', namedCurve: 'P-256' } as const;

/** A recipient's public key with its kid (seal to every active district key). */
export interface SealRecipient {
  kid: string;
  publicKey: CryptoKey;
}

/**
 * A key able to open: its kid and both halves. The private half may be non-extractable; HPKE
 * needs the public half too (DHKEM binds the recipient's public key), and @hpke/core can only
 * derive it from an extractable private key, so it is passed in.
 */
export interface OpenKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

/** Thrown when a sealed payload cannot be opened: wrong key, tampered bytes or moved to another record. */
export class SealedOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealedOpenError';
  }
}

// No `instanceof ArrayBuffer`: WebCrypto may hand back buffers of another realm (jsdom, iframes,
// workers), which instanceof does not recognise. ArrayBuffer.isView reads the internal slot.
function bytes(view: ArrayBuffer | ArrayBufferView): Uint8Array<ArrayBuffer> {
  // A copy, so the result never aliases a SharedArrayBuffer or a larger buffer.
  if (ArrayBuffer.isView(view))
    return new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice();
  return new Uint8Array(view).slice();
}

function decode(text: string, what: string): Uint8Array<ArrayBuffer> {
  const out = fromBase64Url(text);
  if (out === undefined) throw new SealedOpenError(`${what} is not base64url`);
  return out;
}

/** Imports a P-256 public JWK for sealing. */
export async function importPublicJwk(jwk: PublicJwk): Promise<CryptoKey> {
  return subtle().importKey(
    'jwk',
    { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y },
    EC,
    true,
    [],
  );
}

/** kid and fingerprint of a P-256 public key (from the SHA-256 of its SPKI). */
export async function describePublicKey(
  key: CryptoKey | PublicJwk,
): Promise<{ kid: string; fingerprint: string }> {
  const cryptoKey = 'kty' in key ? await importPublicJwk(key) : key;
  const spki = bytes(await subtle().exportKey('spki', cryptoKey));
  const digest = bytes(await subtle().digest('SHA-256', spki));
  return { kid: kidFromSpkiDigest(digest), fingerprint: fingerprintFromSpkiDigest(digest) };
}

/** A new P-256 key pair for a district or a device. `extractable` applies to the private half. */
export async function generateKeyPair(extractable: boolean): Promise<CryptoKeyPair> {
  return subtle().generateKey(EC, extractable, ['deriveBits']);
}

/** The public half as a JWK in the contract's shape. */
export async function exportPublicJwk(key: CryptoKey): Promise<PublicJwk> {
  const jwk = await subtle().exportKey('jwk', key);
  return { kty: 'EC', crv: 'P-256', x: String(jwk.x), y: String(jwk.y) };
}

/** Imports a private P-256 key from a JWK (e.g. a key file of the admin CLI). */
export async function importPrivateJwk(jwk: JsonWebKey, extractable = false): Promise<CryptoKey> {
  return subtle().importKey('jwk', jwk, EC, extractable, ['deriveBits']);
}

async function sealBytes(
  plaintext: Uint8Array<ArrayBuffer>,
  aad: Uint8Array<ArrayBuffer>,
  info: string,
  recipients: readonly SealRecipient[],
): Promise<Sealed> {
  if (recipients.length === 0) throw new Error('seal: no recipient key');
  const contentKeyBytes = globalThis.crypto.getRandomValues(new Uint8Array(CONTENT_KEY_BYTES));
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(CONTENT_IV_BYTES));
  const contentKey = await subtle().importKey('raw', contentKeyBytes, 'AES-GCM', false, [
    'encrypt',
  ]);
  const ct = bytes(
    await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: aad }, contentKey, plaintext),
  );
  const infoBytes = utf8Encode(info);
  // One recipient after another (at most a few district keys and the device key); each wrap gets
  // its own copies of the key and AAD, so nothing is shared with the library between calls.
  const wrapped: Sealed['recipients'] = [];
  for (const recipient of recipients) {
    const sealedKey = await suite().seal(
      { recipientPublicKey: recipient.publicKey, info: infoBytes },
      contentKeyBytes.slice(),
      aad.slice(),
    );
    wrapped.push({
      kid: recipient.kid,
      enc: toBase64Url(bytes(sealedKey.enc)),
      key: toBase64Url(bytes(sealedKey.ct)),
    });
  }
  contentKeyBytes.fill(0);
  return { v: SEALED_VERSION, recipients: wrapped, iv: toBase64Url(iv), ct: toBase64Url(ct) };
}

async function openBytes(
  sealed: Sealed,
  aad: Uint8Array<ArrayBuffer>,
  info: string,
  keys: readonly OpenKey[],
): Promise<Uint8Array<ArrayBuffer>> {
  if (sealed.v !== SEALED_VERSION)
    throw new SealedOpenError(`unknown sealed version ${String(sealed.v)}`);
  const infoBytes = utf8Encode(info);
  for (const key of keys) {
    const recipient = sealed.recipients.find((entry) => entry.kid === key.kid);
    if (recipient === undefined) continue;
    let contentKeyBytes: Uint8Array<ArrayBuffer>;
    try {
      contentKeyBytes = bytes(
        await suite().open(
          {
            recipientKey: { privateKey: key.privateKey, publicKey: key.publicKey },
            enc: decode(recipient.enc, 'enc'),
            info: infoBytes,
          },
          decode(recipient.key, 'key'),
          aad,
        ),
      );
    } catch (error) {
      if (error instanceof SealedOpenError) throw error;
      throw new SealedOpenError('the content key does not open with this key (tampered or moved)');
    }
    try {
      const contentKey = await subtle().importKey('raw', contentKeyBytes, 'AES-GCM', false, [
        'decrypt',
      ]);
      return bytes(
        await subtle().decrypt(
          { name: 'AES-GCM', iv: decode(sealed.iv, 'iv'), additionalData: aad },
          contentKey,
          decode(sealed.ct, 'ct'),
        ),
      );
    } catch (error) {
      if (error instanceof SealedOpenError) throw error;
      throw new SealedOpenError('the content does not open (tampered or moved)');
    } finally {
      contentKeyBytes.fill(0);
    }
  }
  throw new SealedOpenError('sealed to none of the given keys');
}

function parseJson(plaintext: Uint8Array<ArrayBuffer>): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext));
  } catch {
    throw new SealedOpenError('the opened content is not JSON');
  }
}

/**
 * Seals a record payload (its canonical JSON) to every recipient, bound to the header by the AAD.
 * Call once per (id, rev) and keep the result: a resend must be byte-identical.
 */
export async function sealRecordPayload(
  header: SealedRecordHeader,
  payload: unknown,
  recipients: readonly SealRecipient[],
): Promise<Sealed> {
  return sealBytes(
    utf8Encode(canonicalJson(payload)),
    recordAad(header),
    HPKE_INFO_RECORD,
    recipients,
  );
}

/** Opens a record payload sealed for `header`; throws SealedOpenError when it cannot. */
export async function openRecordPayload(
  header: SealedRecordHeader,
  sealed: Sealed,
  keys: readonly OpenKey[],
): Promise<unknown> {
  return parseJson(await openBytes(sealed, recordAad(header), HPKE_INFO_RECORD, keys));
}

/** Seals a review note (UTF-8 text) to the device key and the district keys. */
export async function sealReviewNote(
  header: SealedNoteHeader,
  note: string,
  recipients: readonly SealRecipient[],
): Promise<Sealed> {
  return sealBytes(
    utf8Encode(canonicalJson({ note })),
    noteAad(header),
    HPKE_INFO_NOTE,
    recipients,
  );
}

/** Opens a review note; throws SealedOpenError when it cannot. */
export async function openReviewNote(
  header: SealedNoteHeader,
  sealed: Sealed,
  keys: readonly OpenKey[],
): Promise<string> {
  const value = parseJson(await openBytes(sealed, noteAad(header), HPKE_INFO_NOTE, keys));
  const note = (value as { note?: unknown } | null)?.note;
  if (typeof note !== 'string') throw new SealedOpenError('the opened note has no text');
  return note;
}
