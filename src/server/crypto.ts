// Server-side secrets and hashing: the data key that seals payloads at rest, token and code hashes,
// and the content hash that tells a duplicate from a conflict.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
} from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const KEY_FILE_NAME = 'server.key';
const SEALED_PREFIX = 'v1.';

/** The 32-byte server data key plus subkeys derived from it for separate purposes. */
export interface DataKey {
  readonly encryption: Buffer;
  /** HMAC key for content hashes and enrollment codes, so a stolen database cannot be brute-forced offline. */
  readonly hashing: Buffer;
}

/** Builds a DataKey from 32 raw bytes. */
export function dataKeyFromBytes(raw: Uint8Array): DataKey {
  if (raw.length !== 32) {
    throw new Error('The server data key must be exactly 32 bytes');
  }
  const bytes = Buffer.from(raw);
  return {
    encryption: Buffer.from(
      hkdfSync('sha256', bytes, Buffer.alloc(0), 'jejaring payload encryption v1', 32),
    ),
    hashing: Buffer.from(
      hkdfSync('sha256', bytes, Buffer.alloc(0), 'jejaring keyed hashes v1', 32),
    ),
  };
}

export interface LoadedDataKey {
  key: DataKey;
  source: 'env' | 'file' | 'created';
}

/**
 * Reads the data key from DATA_KEY (base64 of 32 bytes) or DATA_DIR/server.key, creating the file
 * (mode 0600) when neither exists. Throws with a clear message when DATA_KEY is malformed.
 */
export function loadDataKey(
  dataDir: string,
  envValue: string | undefined,
  { create = true }: { create?: boolean } = {},
): LoadedDataKey {
  if (envValue !== undefined && envValue.trim() !== '') {
    const raw = Buffer.from(envValue.trim(), 'base64');
    if (raw.length !== 32) {
      throw new Error('DATA_KEY must be the base64 encoding of exactly 32 random bytes');
    }
    return { key: dataKeyFromBytes(raw), source: 'env' };
  }
  const file = path.join(dataDir, KEY_FILE_NAME);
  if (existsSync(file)) {
    const raw = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (raw.length !== 32) {
      throw new Error(`${file} does not hold a base64 32-byte key`);
    }
    return { key: dataKeyFromBytes(raw), source: 'file' };
  }
  if (!create) {
    throw new Error(
      `No data key: set DATA_KEY as for the server, or start the server once to create ${file}`,
    );
  }
  const raw = randomBytes(32);
  // 'wx' fails if another process created the file in the meantime: then read theirs.
  try {
    writeFileSync(file, raw.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return loadDataKey(dataDir, undefined);
    }
    throw error;
  }
  return { key: dataKeyFromBytes(raw), source: 'created' };
}

/** AES-256-GCM seal of a UTF-8 string, bound to `context` (e.g. the record's id and rev). */
export function seal(key: DataKey, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.encryption, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([
    cipher.update(plaintext, 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return `${SEALED_PREFIX}${iv.toString('base64')}.${body.toString('base64')}`;
}

/** Opens a value made by seal(); throws if the key, context or ciphertext do not match. */
export function unseal(key: DataKey, sealed: string, context: string): string {
  if (!sealed.startsWith(SEALED_PREFIX)) {
    throw new Error('Unknown sealed value format');
  }
  const [ivText, bodyText] = sealed.slice(SEALED_PREFIX.length).split('.');
  if (ivText === undefined || bodyText === undefined) {
    throw new Error('Malformed sealed value');
  }
  const iv = Buffer.from(ivText, 'base64');
  const body = Buffer.from(bodyText, 'base64');
  if (iv.length !== 12 || body.length < 16) {
    throw new Error('Malformed sealed value');
  }
  const decipher = createDecipheriv('aes-256-gcm', key.encryption, iv);
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([
    decipher.update(body.subarray(0, body.length - 16)),
    decipher.final(),
  ]).toString('utf8');
}

/** SHA-256 hex of a string. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** HMAC-SHA-256 hex under the data key's hashing subkey. */
export function keyedHashHex(key: DataKey, text: string): string {
  return createHmac('sha256', key.hashing).update(text, 'utf8').digest('hex');
}

/** A bearer token: 32 random bytes (256 bits), base64url. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored for a token: its SHA-256 (a 256-bit random token needs no slow hash). */
export function tokenHash(token: string): string {
  return sha256Hex(token);
}

/**
 * JSON with object keys sorted at every depth, so equal values always give equal text.
 * Only plain JSON values are expected (they come from JSON.parse).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, item]) => `${JSON.stringify(k)}:${canonicalJson(item)}`).join(',')}}`;
}

export interface EnvelopeContent {
  kind: string;
  schemaVersion: number;
  deleted: boolean;
  payload: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/**
 * Hash of an envelope's content (everything but id and rev), used to tell a resent duplicate from a
 * conflicting reuse of the same (id, rev). Keyed (HMAC-SHA-256) rather than plain SHA-256 so that a
 * stolen database file cannot be used to confirm a guessed payload.
 */
export function contentHash(key: DataKey, content: EnvelopeContent): string {
  const { kind, schemaVersion, deleted, payload, createdAt, updatedAt } = content;
  return keyedHashHex(
    key,
    canonicalJson({ kind, schemaVersion, deleted, payload, createdAt, updatedAt }),
  );
}
