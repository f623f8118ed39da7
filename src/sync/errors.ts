// Errors the sync module reports to the app: a stable code plus the i18n key that explains
// what happened and what to do (locales/<lng>/sync.json, `errors.<code>`).

export type SyncErrorCode =
  | 'invalid_url'
  | 'insecure_url'
  | 'unreachable'
  | 'enrollment_code_invalid'
  | 'rate_limited'
  | 'server_error'
  | 'vault_locked';

export class SyncError extends Error {
  readonly code: SyncErrorCode;
  /** i18n key, e.g. `sync:errors.invalid_url`. */
  readonly key: string;

  constructor(code: SyncErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? code, options);
    this.name = 'SyncError';
    this.code = code;
    this.key = `sync:errors.${code}`;
  }
}

/** The i18n key for a sync error code (also used for the engine's `lastErrorKey`). */
export function syncErrorKey(code: string): string {
  return `sync:errors.${code}`;
}

const REJECTION_CODES = new Set([
  'invalid',
  'unknown_kind',
  'conflict',
  'forbidden',
  'too_large',
  'unknown_key',
  'invalid_meta',
]);

/**
 * The i18n key explaining a server (or local) rejection code, for a record that "needs attention".
 * Unknown codes (a newer server) fall back to a generic explanation.
 */
export function rejectionMessageKey(code: string | undefined): string {
  return `sync:rejection.${code !== undefined && REJECTION_CODES.has(code) ? code : 'other'}`;
}
