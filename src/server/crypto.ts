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
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
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
  /** `legacy`: DATA_DIR/server.key of an older install, used with a warning to move it. */
  source: 'env' | 'file' | 'created' | 'legacy';
  /** The key file read or created (not for `env`). */
  file?: string;
}

/**
 * Where the server key lives by default: SERVER_KEY_FILE, else $XDG_CONFIG_HOME/jejaring/server.key
 * (~/.config/jejaring/server.key). Never inside DATA_DIR: whoever copies the data directory (a
 * backup, a stolen disk image, a careless rsync) must not get the key that opens device labels,
 * enrollment-code hashes and v1 payloads with it.
 */
export function defaultServerKeyFile(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SERVER_KEY_FILE) return path.resolve(env.SERVER_KEY_FILE);
  const config = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config');
  return path.join(config, 'jejaring', KEY_FILE_NAME);
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(path.resolve(dir), path.resolve(file));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function readKeyFile(file: string): DataKey {
  const raw = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (raw.length !== 32) throw new Error(`${file} does not hold a base64 32-byte key`);
  return dataKeyFromBytes(raw);
}

/**
 * The server key: DATA_KEY (base64 of 32 bytes), else the key file (defaultServerKeyFile), created
 * with mode 0600 when missing. A key file inside DATA_DIR is refused, except the `server.key` an
 * older install left there, which is used (source `legacy`) so the caller can warn to move it.
 */
export function loadDataKey(
  dataDir: string,
  envValue: string | undefined,
  { create = true, keyFile = defaultServerKeyFile() }: { create?: boolean; keyFile?: string } = {},
): LoadedDataKey {
  if (envValue !== undefined && envValue.trim() !== '') {
    const raw = Buffer.from(envValue.trim(), 'base64');
    if (raw.length !== 32) {
      throw new Error('DATA_KEY must be the base64 encoding of exactly 32 random bytes');
    }
    return { key: dataKeyFromBytes(raw), source: 'env' };
  }
  const legacy = path.join(dataDir, KEY_FILE_NAME);
  if (!existsSync(keyFile) && existsSync(legacy))
    return { key: readKeyFile(legacy), source: 'legacy', file: legacy };
  if (isInside(keyFile, dataDir))
    throw new Error(
      `The server key file ${keyFile} is inside DATA_DIR: anyone copying the data would get the key. Put it elsewhere (SERVER_KEY_FILE).`,
    );
  if (existsSync(keyFile)) return { key: readKeyFile(keyFile), source: 'file', file: keyFile };
  if (!create) {
    throw new Error(
      `No data key: set DATA_KEY or SERVER_KEY_FILE as for the server, or start the server once to create ${keyFile}`,
    );
  }
  mkdirSync(path.dirname(keyFile), { recursive: true, mode: 0o700 });
  const raw = randomBytes(32);
  // 'wx' fails if another process created the file in the meantime: then read theirs.
  try {
    writeFileSync(keyFile, raw.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return loadDataKey(dataDir, undefined, { create: false, keyFile });
    }
    throw error;
  }
  return { key: dataKeyFromBytes(raw), source: 'created', file: keyFile };
}

const IV_BYTES = 12;
/** IVs drawn from one CSPRNG call per 512 seals: one randomBytes call per record was a visible cost. */
const IV_POOL_SIZE = 512 * IV_BYTES;
let ivPool = Buffer.alloc(0);
let ivOffset = 0;

/** A fresh random 96-bit IV (never reused: each slice of the pool is handed out once). */
function nextIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    ivPool = randomBytes(IV_POOL_SIZE);
    ivOffset = 0;
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + IV_BYTES);
  ivOffset += IV_BYTES;
  return iv;
}

/** AES-256-GCM seal of a UTF-8 string, bound to `context` (e.g. the record's id and rev). */
export function seal(key: DataKey, plaintext: string, context: string): string {
  const iv = nextIv();
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
 * Only plain JSON values are expected (they come from JSON.parse). Written as plain loops with
 * string concatenation: it runs on every pushed record, and the entries/filter/map version
 * allocated several arrays per object.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i += 1) {
      if (i > 0) text += ',';
      text += canonicalJson(value[i]);
    }
    return text + ']';
  }
  const object = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, the same order as the `<` comparison it replaces.
  const keys = Object.keys(object).sort();
  let text = '{';
  let first = true;
  for (const key of keys) {
    const item = object[key];
    if (item === undefined) continue;
    if (!first) text += ',';
    first = false;
    text += JSON.stringify(key) + ':' + canonicalJson(item);
  }
  return text + '}';
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
  return contentHashOfPayloadJson(key, content, canonicalJson(content.payload));
}

/**
 * contentHash() for a payload whose canonicalJson() the caller already has (ingest seals that same
 * text, so each record is serialised once). The envelope's fields are written in sorted key order,
 * which makes the text identical to canonicalJson() of the whole content.
 */
export function contentHashOfPayloadJson(
  key: DataKey,
  content: EnvelopeContent,
  payloadJson: string,
): string {
  const text =
    `{"createdAt":${JSON.stringify(content.createdAt)},"deleted":${JSON.stringify(content.deleted)}` +
    `,"kind":${JSON.stringify(content.kind)},"payload":${payloadJson}` +
    `,"schemaVersion":${canonicalJson(content.schemaVersion)},"updatedAt":${JSON.stringify(content.updatedAt)}}`;
  return keyedHashHex(key, text);
}
