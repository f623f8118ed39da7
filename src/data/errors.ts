// The one error type src/data throws, with stable codes the UI maps to i18n messages.

export type DataErrorCode =
  | 'pin_too_short'
  | 'wrong_pin'
  | 'pin_delay'
  | 'vault_locked'
  | 'vault_exists'
  | 'quota_exceeded'
  | 'database_unreadable'
  | 'decryption_failed'
  | 'backup_invalid'
  | 'backup_wrong_passphrase'
  | 'passphrase_too_short'
  | 'offline_not_cached'
  | 'not_found'
  | 'pin_weak'
  | 'pin_unavailable'
  | 'passphrase_weak'
  | 'passkey_cancelled'
  | 'passkey_unsupported'
  | 'passkey_failed';

export class DataError extends Error {
  readonly code: DataErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(
    code: DataErrorCode,
    details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    // The message is for developers only (never shown, never holds personal data): the UI
    // translates the code.
    super(`DataError: ${code}`, options);
    this.name = 'DataError';
    this.code = code;
    if (details) this.details = details;
  }
}

/** True when `e` is a DataError, optionally with the given code. */
export function isDataError(e: unknown, code?: DataErrorCode): e is DataError {
  return e instanceof DataError && (code === undefined || e.code === code);
}

function errorName(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'name' in e && typeof e.name === 'string') {
    return e.name;
  }
  return undefined;
}

/** QuotaExceededError itself, or wrapped by Dexie (AbortError / its own class with `inner`). */
export function isQuotaError(e: unknown): boolean {
  let current: unknown = e;
  for (let depth = 0; depth < 5 && current; depth++) {
    const name = errorName(current);
    if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
    if (typeof current !== 'object' || current === null) break;
    const next: unknown =
      ('inner' in current && current.inner) ||
      ('cause' in current && current.cause) ||
      ('failures' in current && Array.isArray(current.failures) && current.failures[0]) ||
      undefined;
    current = next;
  }
  return false;
}

/** Runs a write and maps storage-full errors to DataError 'quota_exceeded'. */
export async function guardWrite<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (e instanceof DataError) throw e;
    if (isQuotaError(e)) throw new DataError('quota_exceeded', undefined, { cause: e });
    throw e;
  }
}
