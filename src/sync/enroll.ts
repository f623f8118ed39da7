// Enrolling this phone with the coordinator's server (contract v2: POST /api/v2/devices/enroll).
// The address is checked before anything is sent; a device key pair is made on the phone and
// only its public half is sent; every failure becomes a SyncError whose i18n key says what
// happened and what to do, and only a complete answer is stored.
import {
  enrollResponseV2Schema,
  publicJwkSchema,
  type DistrictKey,
  type PublicJwk,
} from '../domain/contract';
import { SyncError } from './errors';

export interface EnrollInput {
  serverUrl: string;
  code: string;
  label: string;
}

export interface Enrollment {
  serverUrl: string;
  deviceId: string;
  token: string;
}

/** The district as enrollment answers it: its name and active keys (maybe none yet). */
export interface EnrolledDistrict {
  name: string;
  keys: DistrictKey[];
}

/** A device key pair made on the phone (JWKs); the private half never leaves it. */
export interface DeviceKeyPairLike {
  publicJwk: JsonWebKey;
  privateJwk: JsonWebKey;
}

export interface EnrollPorts {
  fetch: typeof fetch;
  /** Throws when the credentials could not be stored (vault locked): checked before the request. */
  ensureWritable?(): Promise<void>;
  /** A fresh device key pair (WebCrypto P-256). */
  createDeviceKey(): Promise<DeviceKeyPairLike>;
  /**
   * Stores the enrollment, the device key and the district (src/data encrypts the token and the
   * private key with the data key; the feed starts again from the beginning).
   */
  saveEnrollment(
    e: Enrollment,
    device: { key: DeviceKeyPairLike; district: EnrolledDistrict },
  ): Promise<void>;
  /** Clears the `needs_enrollment` pause and tells the running engine to sync. */
  clearPause(): Promise<void>;
  timeoutMs?: number;
}

/** Give up on an enrollment request after this long: the server counts as unreachable. */
export const ENROLL_TIMEOUT_MS = 15_000;

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The server address as stored: `https://host[:port][/path]` without a trailing slash.
 * Throws SyncError 'invalid_url' (not an address) or 'insecure_url' (plain http to another host).
 */
export function normaliseServerUrl(input: string): string {
  const trimmed = input.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch (cause) {
    throw new SyncError('invalid_url', 'The server address is not a URL.', { cause });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SyncError('invalid_url', 'The server address must start with https://.');
  }
  if (url.username !== '' || url.password !== '' || url.hostname === '') {
    throw new SyncError('invalid_url', 'The server address must not contain a user name.');
  }
  // Tokens and records must never cross the network in clear; plain http only on this machine.
  if (url.protocol === 'http:' && !LOCAL_HOSTS.has(url.hostname)) {
    throw new SyncError('insecure_url', 'The server address must use https://.');
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** Enrolls the device and stores its credentials; throws SyncError on every failure. */
export async function enrollDeviceWith(
  ports: EnrollPorts,
  input: EnrollInput,
): Promise<Enrollment & { district: EnrolledDistrict }> {
  const serverUrl = normaliseServerUrl(input.serverUrl);
  await ports.ensureWritable?.();
  const key = await ports.createDeviceKey();
  const devicePublicKey: PublicJwk = publicJwkSchema.parse({
    kty: key.publicJwk.kty,
    crv: key.publicJwk.crv,
    x: key.publicJwk.x,
    y: key.publicJwk.y,
  });
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ports.timeoutMs ?? ENROLL_TIMEOUT_MS);
  let response: Response;
  let text: string;
  try {
    response = await ports.fetch(`${serverUrl}/api/v2/devices/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: input.code.trim(), label: input.label.trim(), devicePublicKey }),
      signal: controller.signal,
    });
    text = await response.text();
  } catch (cause) {
    throw new SyncError('unreachable', 'The server could not be reached.', { cause });
  } finally {
    clearTimeout(timer);
  }
  // 400: the code (or label) was not even well-formed — for the user the same as a wrong code.
  if (response.status === 403 || response.status === 400) {
    throw new SyncError('enrollment_code_invalid', `Enrollment refused (${response.status}).`);
  }
  if (response.status === 429) throw new SyncError('rate_limited', 'Too many attempts.');
  // 404: a server that does not speak contract v2 yet.
  if (response.status !== 201 && response.status !== 200) {
    throw new SyncError('server_error', `Unexpected answer (${response.status}).`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (cause) {
    throw new SyncError('server_error', 'The answer is not JSON.', { cause });
  }
  const parsed = enrollResponseV2Schema.safeParse(body);
  if (!parsed.success || parsed.data.deviceId === '' || parsed.data.token === '') {
    throw new SyncError('server_error', 'The answer lacks deviceId, token or district.');
  }
  const { deviceId, token, district } = parsed.data;
  const enrollment: Enrollment = { serverUrl, deviceId, token };
  await ports.saveEnrollment(enrollment, { key, district });
  await ports.clearPause();
  return { ...enrollment, district };
}
