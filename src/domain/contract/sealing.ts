// What the phone (sealing) and the console/admin (opening) must agree on byte for byte: the suite,
// the canonical JSON of a payload, the additional data (AAD) that binds a sealed payload to its
// record, and how a district key is named (kid) and read aloud (fingerprint). Data and pure
// functions only; the HPKE and AES-GCM calls live in src/crypto (WebCrypto + @hpke/core).
import { toBase64Url, utf8Encode } from './bytes';

/**
 * HPKE (RFC 9180) suite, base mode: DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-256-GCM. The
 * identifiers are the RFC's registry values, so any conforming implementation can open a record.
 */
export const HPKE_SUITE = {
  mode: 'base',
  kem: { name: 'DHKEM(P-256, HKDF-SHA256)', id: 0x0010 },
  kdf: { name: 'HKDF-SHA256', id: 0x0001 },
  aead: { name: 'AES-256-GCM', id: 0x0002 },
} as const;

/** Version of the `sealed` object layout (`sealed.v`). */
export const SEALED_VERSION = 1;
/** AES-GCM nonce of the content (bytes). */
export const CONTENT_IV_BYTES = 12;
/** Random content key (AES-256) wrapped to each recipient (bytes). */
export const CONTENT_KEY_BYTES = 32;
/** HPKE `enc` of DHKEM(P-256): an uncompressed point (bytes). */
export const HPKE_ENC_BYTES = 65;
/** A wrapped content key: 32 bytes of key + the 16-byte AEAD tag. */
export const WRAPPED_KEY_BYTES = CONTENT_KEY_BYTES + 16;
/** HPKE `info` of the key wrap: names the protocol so keys of other uses never open these. */
export const HPKE_INFO_RECORD = 'jejaring/sealed-record/v1';
export const HPKE_INFO_NOTE = 'jejaring/review-note/v1';

/**
 * Canonical JSON: object keys sorted by UTF-16 code units, no whitespace, `undefined` members
 * dropped, numbers as JSON.stringify writes them. For the JSON values a payload holds this is the
 * output of RFC 8785 (JCS), so a non-JS console can reproduce it. Throws on non-finite numbers,
 * functions, bigints and cycles, which no valid payload contains.
 */
export function canonicalJson(value: unknown): string {
  const seen = new Set<object>();
  const write = (item: unknown): string => {
    if (item === null) return 'null';
    switch (typeof item) {
      case 'boolean':
        return item ? 'true' : 'false';
      case 'string':
        return JSON.stringify(item);
      case 'number':
        if (!Number.isFinite(item)) throw new TypeError('canonicalJson: non-finite number');
        return JSON.stringify(item);
      case 'object': {
        if (seen.has(item)) throw new TypeError('canonicalJson: cycle');
        seen.add(item);
        let out: string;
        if (Array.isArray(item)) {
          out = `[${item.map((element) => (element === undefined ? 'null' : write(element))).join(',')}]`;
        } else {
          const record = item as Record<string, unknown>;
          const keys = Object.keys(record)
            .filter((key) => record[key] !== undefined)
            .sort();
          out = `{${keys.map((key) => `${JSON.stringify(key)}:${write(record[key])}`).join(',')}}`;
        }
        seen.delete(item);
        return out;
      }
      default:
        throw new TypeError(`canonicalJson: ${typeof item} is not JSON`);
    }
  };
  return write(value);
}

/** The record header a sealed payload is bound to. */
export interface SealedRecordHeader {
  id: string;
  rev: number;
  kind: string;
  schemaVersion: number;
  deleted: boolean;
}

/**
 * Additional data of a sealed record payload, used for the content AES-GCM and for every HPKE key
 * wrap: the UTF-8 bytes of the JSON array
 * `["jejaring/sealed-record/v1", id, rev, kind, schemaVersion, deleted]` with no whitespace, e.g.
 * `["jejaring/sealed-record/v1","0192f1a6-…",2,"screening",1,false]`. A sealed payload moved to
 * another id, rev, kind or schema version fails to open.
 */
export function recordAadText(header: SealedRecordHeader): string {
  return JSON.stringify([
    HPKE_INFO_RECORD,
    header.id,
    header.rev,
    header.kind,
    header.schemaVersion,
    header.deleted,
  ]);
}

export function recordAad(header: SealedRecordHeader): Uint8Array<ArrayBuffer> {
  return utf8Encode(recordAadText(header));
}

/** The review a sealed note belongs to. */
export interface SealedNoteHeader {
  recordId: string;
  rev: number;
  state: string;
  at: string;
}

/**
 * Additional data of a review note: UTF-8 of
 * `["jejaring/review-note/v1", recordId, rev, state, at]`, so a note cannot be shown on another
 * record, revision or state.
 */
export function noteAadText(header: SealedNoteHeader): string {
  return JSON.stringify([HPKE_INFO_NOTE, header.recordId, header.rev, header.state, header.at]);
}

export function noteAad(header: SealedNoteHeader): Uint8Array<ArrayBuffer> {
  return utf8Encode(noteAadText(header));
}

/** Bytes of the SHA-256 digest of a public key's SPKI (DER) that name it. */
export const KID_BYTES = 16;

/** `kid` = base64url of the first 16 bytes of SHA-256 over the public key's SPKI bytes. */
export function kidFromSpkiDigest(sha256OfSpki: Uint8Array): string {
  if (sha256OfSpki.length !== 32) throw new RangeError('kid: expected a 32-byte SHA-256 digest');
  return toBase64Url(sha256OfSpki.subarray(0, KID_BYTES));
}

/** Shape of a kid: 16 bytes in base64url are 22 characters. */
export const KID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/**
 * Fingerprint read aloud over the phone: 4 groups of 5 digits, e.g. `03821 55710 90142 20077`.
 * Group i is the big-endian integer of digest bytes [5i, 5i+5) modulo 100000, left-padded with
 * zeros (the same construction as Signal's safety numbers): 20 digits, about 66 bits of the
 * SHA-256 of the SPKI, so the first 16 bytes (the kid) and 4 more are compared.
 */
export function fingerprintFromSpkiDigest(sha256OfSpki: Uint8Array): string {
  if (sha256OfSpki.length !== 32)
    throw new RangeError('fingerprint: expected a 32-byte SHA-256 digest');
  const groups: string[] = [];
  for (let group = 0; group < 4; group += 1) {
    let value = 0;
    // 40-bit integers stay exact in a double (below 2^53).
    for (let i = 0; i < 5; i += 1) value = value * 256 + sha256OfSpki[group * 5 + i]!;
    groups.push(String(value % 100_000).padStart(5, '0'));
  }
  return groups.join(' ');
}

/** Shape of a fingerprint. */
export const FINGERPRINT_PATTERN = /^\d{5} \d{5} \d{5} \d{5}$/;
