// Opening many sealed records with the same keys (the console opens every record of the district
// on unlock). The same HPKE base-mode single-shot open as @hpke/core (RFC 9180 §4.1, §5.1, §5.2;
// suite DHKEM(P-256, HKDF-SHA256) / HKDF-SHA256 / AES-256-GCM), written against WebCrypto with
// what does not change between records computed once: the recipient's serialised public key, the
// info hash of the key schedule and the constant HKDF input. About half the WebCrypto calls per
// record. tests/crypto/bulkOpen.test.ts proves it opens exactly what seal.ts seals and refuses
// every tampering that openRecordPayload refuses.
import {
  HPKE_INFO_RECORD,
  SEALED_VERSION,
  fromBase64Url,
  recordAad,
  utf8Encode,
  type Sealed,
  type SealedRecordHeader,
} from '../domain/contract';
import { SealedOpenError, type OpenKey } from './seal';

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;
const EC = { name: 'ECDH', namedCurve: 'P-256' } as const;

const KEM_SUITE = new Uint8Array([0x4b, 0x45, 0x4d, 0x00, 0x10]); // "KEM" || 0x0010
const HPKE_SUITE = new Uint8Array([0x48, 0x50, 0x4b, 0x45, 0x00, 0x10, 0x00, 0x01, 0x00, 0x02]);
const V1 = utf8Encode('HPKE-v1');

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
const u16 = (n: number) => new Uint8Array([n >> 8, n & 0xff]);
const labeledIkm = (suite: Uint8Array, label: string, ikm: Uint8Array) =>
  concat(V1, suite, utf8Encode(label), ikm);
const labeledInfo = (suite: Uint8Array, label: string, info: Uint8Array, length: number) =>
  concat(u16(length), V1, suite, utf8Encode(label), info);

async function hmac(key: Uint8Array<ArrayBuffer>, message: Uint8Array<ArrayBuffer>) {
  const k = await subtle().importKey(
    'raw',
    key.length === 0 ? new Uint8Array(32) : key,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return new Uint8Array(await subtle().sign('HMAC', k, message));
}

async function hkdf(
  salt: Uint8Array<ArrayBuffer>,
  ikm: CryptoKey,
  info: Uint8Array<ArrayBuffer>,
  bytes: number,
): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(
    await subtle().deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info }, ikm, bytes * 8),
  );
}

interface Prepared {
  key: OpenKey;
  /** Serialised (uncompressed) public key of the recipient, for the KEM context. */
  pkRm: Uint8Array<ArrayBuffer>;
}

export type RecordOpener = (header: SealedRecordHeader, sealed: Sealed) => Promise<unknown>;

/** An opener for many records with `keys`; throws SealedOpenError like openRecordPayload. */
export async function createRecordOpener(keys: readonly OpenKey[]): Promise<RecordOpener> {
  const prepared = new Map<string, Prepared>();
  for (const key of keys)
    prepared.set(key.kid, {
      key,
      pkRm: new Uint8Array(await subtle().exportKey('raw', key.publicKey)),
    });
  const infoBytes = utf8Encode(HPKE_INFO_RECORD);
  // Key schedule, base mode: psk = psk_id = "" (RFC 9180 §5.1).
  const pskIdHash = await hmac(
    new Uint8Array(0),
    labeledIkm(HPKE_SUITE, 'psk_id_hash', new Uint8Array(0)),
  );
  const infoHash = await hmac(new Uint8Array(0), labeledIkm(HPKE_SUITE, 'info_hash', infoBytes));
  const ksContext = concat(new Uint8Array([0]), pskIdHash, infoHash);
  const secretIkm = await subtle().importKey(
    'raw',
    labeledIkm(HPKE_SUITE, 'secret', new Uint8Array(0)),
    'HKDF',
    false,
    ['deriveBits'],
  );
  const keyInfo = labeledInfo(HPKE_SUITE, 'key', ksContext, 32);
  const nonceInfo = labeledInfo(HPKE_SUITE, 'base_nonce', ksContext, 12);

  const decode = (text: string, what: string) => {
    const out = fromBase64Url(text);
    if (out === undefined) throw new SealedOpenError(`${what} is not base64url`);
    return out;
  };

  return async (header, sealed) => {
    if (sealed.v !== SEALED_VERSION)
      throw new SealedOpenError(`unknown sealed version ${String(sealed.v)}`);
    const aad = recordAad(header);
    for (const recipient of sealed.recipients) {
      const found = prepared.get(recipient.kid);
      if (!found) continue;
      const enc = decode(recipient.enc, 'enc');
      const wrapped = decode(recipient.key, 'key');
      let contentKey: CryptoKey;
      try {
        const pkE = await subtle().importKey('raw', enc, EC, false, []);
        const dh = new Uint8Array(
          await subtle().deriveBits({ name: 'ECDH', public: pkE }, found.key.privateKey, 256),
        );
        const eae = await subtle().importKey(
          'raw',
          labeledIkm(KEM_SUITE, 'eae_prk', dh),
          'HKDF',
          false,
          ['deriveBits'],
        );
        dh.fill(0);
        const sharedSecret = await hkdf(
          new Uint8Array(0),
          eae,
          labeledInfo(KEM_SUITE, 'shared_secret', concat(enc, found.pkRm), 32),
          32,
        );
        const [aeadKeyBytes, nonce] = await Promise.all([
          hkdf(sharedSecret, secretIkm, keyInfo, 32),
          hkdf(sharedSecret, secretIkm, nonceInfo, 12),
        ]);
        sharedSecret.fill(0);
        const aeadKey = await subtle().importKey('raw', aeadKeyBytes, 'AES-GCM', false, [
          'unwrapKey',
        ]);
        aeadKeyBytes.fill(0);
        contentKey = await subtle().unwrapKey(
          'raw',
          wrapped,
          aeadKey,
          { name: 'AES-GCM', iv: nonce, additionalData: aad },
          'AES-GCM',
          false,
          ['decrypt'],
        );
      } catch {
        throw new SealedOpenError(
          'the content key does not open with this key (tampered or moved)',
        );
      }
      let plaintext: ArrayBuffer;
      try {
        plaintext = await subtle().decrypt(
          { name: 'AES-GCM', iv: decode(sealed.iv, 'iv'), additionalData: aad },
          contentKey,
          decode(sealed.ct, 'ct'),
        );
      } catch (error) {
        if (error instanceof SealedOpenError) throw error;
        throw new SealedOpenError('the content does not open (tampered or moved)');
      }
      try {
        return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext));
      } catch {
        throw new SealedOpenError('the opened content is not JSON');
      }
    }
    throw new SealedOpenError('sealed to none of the given keys');
  };
}
