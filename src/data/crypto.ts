// AES-GCM encryption of JSON values with the vault's data key, and PBKDF2 key derivation.
import { DataError } from './errors';

/** An encrypted JSON value as stored in IndexedDB: a fresh 12-byte IV and the ciphertext. */
export interface Box {
  iv: Uint8Array;
  ciphertext: ArrayBuffer;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(n));
}

/** UTF-8 bytes of a value's JSON. */
export function jsonBytes(value: unknown): Uint8Array<ArrayBuffer> {
  return encoder.encode(JSON.stringify(value));
}

/** Encrypts `value` (as JSON) under `key` with a fresh random IV. */
export async function encryptJson(key: CryptoKey, value: unknown): Promise<Box> {
  return encryptText(key, JSON.stringify(value));
}

/** Encrypts JSON text already made (decryptJson reads it back) under `key`, fresh random IV. */
export async function encryptText(key: CryptoKey, json: string): Promise<Box> {
  const iv = randomBytes(12);
  const ciphertext = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv },
    key,
    encoder.encode(json),
  );
  return { iv, ciphertext };
}

/** Decrypts a Box; a wrong key or damaged data throws DataError 'decryption_failed'. */
export async function decryptJson<T>(key: CryptoKey, box: Box): Promise<T> {
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: toBytes(box.iv) },
      key,
      toBytes(box.ciphertext),
    );
  } catch (e) {
    throw new DataError('decryption_failed', undefined, { cause: e });
  }
  try {
    return JSON.parse(decoder.decode(plain)) as T;
  } catch (e) {
    throw new DataError('decryption_failed', undefined, { cause: e });
  }
}

/** ArrayBuffer or typed array, from any realm (instanceof fails across realms). */
export function isBinary(value: unknown): value is ArrayBuffer | ArrayBufferView {
  return (
    ArrayBuffer.isView(value) || Object.prototype.toString.call(value) === '[object ArrayBuffer]'
  );
}

/** A copy of stored bytes as a plain Uint8Array (IndexedDB may hand back either form). */
export function toBytes(data: ArrayBuffer | ArrayBufferView): Uint8Array<ArrayBuffer> {
  // ArrayBuffer.isView rather than instanceof: buffers may come from another realm (workers,
  // test environments), where instanceof fails.
  if (ArrayBuffer.isView(data)) {
    return new Uint8Array(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }
  return new Uint8Array(new Uint8Array(data));
}

/** An AES-GCM-256 key derived from a secret (PIN or passphrase) by PBKDF2-SHA-256. */
export async function deriveKey(
  secret: string,
  salt: Uint8Array,
  iterations: number,
  usages: KeyUsage[],
): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', encoder.encode(secret), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: toBytes(salt), iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    usages,
  );
}

/** Milliseconds one PBKDF2-SHA-256 derivation of `iterations` takes on this device. */
export async function timePbkdf2(iterations: number): Promise<number> {
  const material = await crypto.subtle.importKey('raw', encoder.encode('000000'), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const start = performance.now();
  await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: randomBytes(16), iterations },
    material,
    256,
  );
  return performance.now() - start;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

export function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(b64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
