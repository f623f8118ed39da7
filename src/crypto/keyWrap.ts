// A district private key wrapped by its holder's passphrase: Argon2id (hash-wasm) turns the
// passphrase into an AES-256-GCM key that wraps the PKCS8 private key (WebCrypto wrapKey, so the
// key bytes never pass through JavaScript). The console makes these in the browser and stores only
// them (and the public key) on the server; the recovery file the holder downloads carries one, and
// the admin CLI opens it with the passphrase. The AAD binds a wrap to its key's kid.
import { fromBase64Url, toBase64Url, utf8Encode } from '../domain/contract';

export const WRAP_VERSION = 1;
export const WRAP_AAD_LABEL = 'jejaring/district-key-wrap/v1';

/** Argon2id cost for a key holder's passphrase: 64 MiB, 3 passes (~0.3–0.6 s on a laptop). */
export const DEFAULT_WRAP_COST = { memoryKiB: 64 * 1024, iterations: 3 } as const;
/** Floors a wrapped key must meet to be accepted (OWASP's Argon2id minimum is 19 MiB × 2). */
const MIN_MEMORY_KIB = 19 * 1024;

export interface WrappedKey {
  v: 1;
  kid: string;
  kdf: { alg: 'argon2id'; memoryKiB: number; iterations: number; parallelism: 1; salt: string };
  alg: 'AES-256-GCM';
  iv: string;
  ct: string;
}

export interface WrapCost {
  memoryKiB: number;
  iterations: number;
}

/** The passphrase does not open this wrapped key (or the bytes were changed). */
export class WrongPassphraseError extends Error {
  constructor() {
    super('the passphrase does not open this key');
    this.name = 'WrongPassphraseError';
  }
}

/** The wrapped key is not in the expected layout (damaged file, another program's file). */
export class CorruptWrappedKeyError extends Error {
  constructor(reason: string) {
    super(`the wrapped key is damaged: ${reason}`);
    this.name = 'CorruptWrappedKeyError';
  }
}

const EC = { name: 'ECDH', namedCurve: 'P-256' } as const;
const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

let testCost: WrapCost | undefined;
/** Tests only: a tiny Argon2 cost so unit tests stay fast. Never used by the console. */
export function setTestWrapCost(cost: WrapCost | undefined): void {
  testCost = cost;
}

function aad(kid: string): Uint8Array<ArrayBuffer> {
  return utf8Encode(JSON.stringify([WRAP_AAD_LABEL, kid]));
}

async function wrappingKey(passphrase: string, kdf: WrappedKey['kdf']): Promise<CryptoKey> {
  const salt = fromBase64Url(kdf.salt);
  if (!salt || salt.length < 16) throw new CorruptWrappedKeyError('salt');
  const { argon2id } = await import('hash-wasm');
  const raw = await argon2id({
    password: passphrase.normalize('NFC'),
    salt,
    memorySize: kdf.memoryKiB,
    iterations: kdf.iterations,
    parallelism: kdf.parallelism,
    hashLength: 32,
    outputType: 'binary',
  });
  const bytes = new Uint8Array(raw);
  try {
    return await subtle().importKey('raw', bytes, 'AES-GCM', false, ['wrapKey', 'unwrapKey']);
  } finally {
    bytes.fill(0);
    raw.fill(0);
  }
}

/** Wraps an extractable private key under `passphrase` for the key named `kid`. */
export async function wrapPrivateKey(
  privateKey: CryptoKey,
  kid: string,
  passphrase: string,
  cost: WrapCost = testCost ?? DEFAULT_WRAP_COST,
): Promise<WrappedKey> {
  if (passphrase === '') throw new Error('wrapPrivateKey: empty passphrase');
  const kdf: WrappedKey['kdf'] = {
    alg: 'argon2id',
    memoryKiB: cost.memoryKiB,
    iterations: cost.iterations,
    parallelism: 1,
    salt: toBase64Url(globalThis.crypto.getRandomValues(new Uint8Array(16))),
  };
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const key = await wrappingKey(passphrase, kdf);
  const ct = await subtle().wrapKey('pkcs8', privateKey, key, {
    name: 'AES-GCM',
    iv,
    additionalData: aad(kid),
  });
  return {
    v: WRAP_VERSION,
    kid,
    kdf,
    alg: 'AES-256-GCM',
    iv: toBase64Url(iv),
    ct: toBase64Url(new Uint8Array(ct)),
  };
}

/** Checks the layout of a wrapped key read from the server or a file; throws CorruptWrappedKeyError. */
export function parseWrappedKey(value: unknown): WrappedKey {
  const w = value as Partial<WrappedKey> | null;
  if (w === null || typeof w !== 'object') throw new CorruptWrappedKeyError('not an object');
  if (w.v !== WRAP_VERSION) throw new CorruptWrappedKeyError('version');
  if (typeof w.kid !== 'string' || w.kid.length === 0) throw new CorruptWrappedKeyError('kid');
  if (w.alg !== 'AES-256-GCM') throw new CorruptWrappedKeyError('alg');
  const kdf = w.kdf;
  if (
    !kdf ||
    kdf.alg !== 'argon2id' ||
    kdf.parallelism !== 1 ||
    !Number.isInteger(kdf.memoryKiB) ||
    !Number.isInteger(kdf.iterations) ||
    kdf.iterations < 1 ||
    kdf.iterations > 64 ||
    kdf.memoryKiB > 4 * 1024 * 1024 ||
    typeof kdf.salt !== 'string'
  )
    throw new CorruptWrappedKeyError('kdf');
  if (kdf.memoryKiB < (testCost ? 8 : MIN_MEMORY_KIB)) throw new CorruptWrappedKeyError('kdf cost');
  for (const part of ['iv', 'ct'] as const) {
    if (typeof w[part] !== 'string' || fromBase64Url(w[part]) === undefined)
      throw new CorruptWrappedKeyError(part);
  }
  if (fromBase64Url(w.iv as string)?.length !== 12) throw new CorruptWrappedKeyError('iv');
  return w as WrappedKey;
}

/**
 * Opens a wrapped key with the passphrase. The result is non-extractable unless `extractable`
 * (only to re-wrap it for another holder, at once). Throws WrongPassphraseError or
 * CorruptWrappedKeyError.
 */
export async function unwrapPrivateKey(
  value: unknown,
  passphrase: string,
  extractable = false,
): Promise<CryptoKey> {
  const wrapped = parseWrappedKey(value);
  if (passphrase === '') throw new WrongPassphraseError();
  const key = await wrappingKey(passphrase, wrapped.kdf);
  try {
    return await subtle().unwrapKey(
      'pkcs8',
      fromBase64Url(wrapped.ct)!,
      key,
      { name: 'AES-GCM', iv: fromBase64Url(wrapped.iv)!, additionalData: aad(wrapped.kid) },
      EC,
      extractable,
      ['deriveBits'],
    );
  } catch {
    throw new WrongPassphraseError();
  }
}

/** What the holder downloads: enough to open every record sealed to this key, with the passphrase. */
export interface RecoveryFile {
  format: 'jejaring-district-key-recovery';
  v: 1;
  kid: string;
  fingerprint: string;
  publicKey: { kty: 'EC'; crv: 'P-256'; x: string; y: string };
  createdAt: string;
  wrapped: WrappedKey;
}

export function recoveryFile(
  publicKey: RecoveryFile['publicKey'],
  fingerprint: string,
  wrapped: WrappedKey,
  createdAt: string,
): RecoveryFile {
  return {
    format: 'jejaring-district-key-recovery',
    v: 1,
    kid: wrapped.kid,
    fingerprint,
    publicKey,
    createdAt,
    wrapped,
  };
}

export function parseRecoveryFile(value: unknown): RecoveryFile {
  const file = value as Partial<RecoveryFile> | null;
  if (file?.format !== 'jejaring-district-key-recovery' || file.v !== 1 || !file.publicKey)
    throw new CorruptWrappedKeyError('not a recovery file');
  parseWrappedKey(file.wrapped);
  return file as RecoveryFile;
}
