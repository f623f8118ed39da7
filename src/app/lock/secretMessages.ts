// Words for what went wrong with a PIN, passphrase or passkey (onboarding, lock, Settings).
import { errorCode, errorMessageKey } from '../errors';
import { MIN_PIN_LENGTH } from '../config';

type T = (key: string, options?: Record<string, unknown>) => string;

function problemOf(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null || !('details' in e)) return undefined;
  const details = (e as { details?: { problem?: unknown } }).details;
  return typeof details?.problem === 'string' ? details.problem : undefined;
}

/** The message for a DataError from createVault / changeSecret / enrollPasskey. */
export function secretErrorMessage(t: T, e: unknown): string {
  const code = errorCode(e);
  const problem = problemOf(e);
  switch (code) {
    case 'pin_weak':
    case 'pin_too_short':
      return t(`app:pinRules.${problem ?? 'too_short'}`, { count: MIN_PIN_LENGTH });
    case 'passphrase_weak':
      return t(`app:passphraseRules.${problem ?? 'guessable'}`);
    case 'pin_unavailable':
      return t('app:security.pinUnavailable');
    case 'passkey_cancelled':
      return t('app:security.passkeyCancelled');
    case 'passkey_unsupported':
      return t('app:security.passkeyUnsupported');
    case 'passkey_failed':
      return t('app:security.passkeyFailed');
    case 'wrong_pin':
      return t('app:security.wrongCurrent');
    default:
      return t(errorMessageKey(e));
  }
}
