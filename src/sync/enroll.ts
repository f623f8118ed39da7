// Enrolling this phone with the coordinator's server (contract: POST /api/v1/devices/enroll).
// The address is checked before anything is sent, every failure becomes a SyncError whose i18n
// key says what happened and what to do, and only a complete answer is stored.
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

export interface EnrollPorts {
  fetch: typeof fetch;
  /** Throws when the credentials could not be stored (vault locked): checked before the request. */
  ensureWritable?(): Promise<void>;
  /** Stores the enrollment (src/data encrypts the token with the data key). */
  saveEnrollment(e: Enrollment): Promise<void>;
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
): Promise<Enrollment> {
  const serverUrl = normaliseServerUrl(input.serverUrl);
  await ports.ensureWritable?.();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ports.timeoutMs ?? ENROLL_TIMEOUT_MS);
  let response: Response;
  let text: string;
  try {
    response = await ports.fetch(`${serverUrl}/api/v1/devices/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: input.code.trim(), label: input.label.trim() }),
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
  if (response.status !== 201 && response.status !== 200) {
    throw new SyncError('server_error', `Unexpected answer (${response.status}).`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (cause) {
    throw new SyncError('server_error', 'The answer is not JSON.', { cause });
  }
  const { deviceId, token } = (body ?? {}) as { deviceId?: unknown; token?: unknown };
  if (
    typeof deviceId !== 'string' ||
    deviceId === '' ||
    typeof token !== 'string' ||
    token === ''
  ) {
    throw new SyncError('server_error', 'The answer lacks deviceId or token.');
  }
  const enrollment: Enrollment = { serverUrl, deviceId, token };
  await ports.saveEnrollment(enrollment);
  await ports.clearPause();
  return enrollment;
}
