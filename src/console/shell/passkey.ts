// WebAuthn through SimpleWebAuthn: sign in with a passkey (second factor or alone) and register one.
import { api } from '../api';
import { loadMe } from '../session';

export async function signInWithPasskey(username?: string): Promise<void> {
  const { startAuthentication } = await import('@simplewebauthn/browser');
  const optionsJSON = await api<Parameters<typeof startAuthentication>[0]['optionsJSON']>(
    'POST',
    '/auth/passkey/options',
    username ? { username } : {},
  );
  const response = await startAuthentication({ optionsJSON });
  await api('POST', '/auth/passkey/verify', { response });
  await loadMe();
}

export async function registerPasskey(label?: string): Promise<void> {
  const { startRegistration } = await import('@simplewebauthn/browser');
  const optionsJSON = await api<Parameters<typeof startRegistration>[0]['optionsJSON']>(
    'POST',
    '/me/passkeys/options',
    {},
  );
  const response = await startRegistration({ optionsJSON });
  await api('POST', '/me/passkeys', { response, ...(label ? { label } : {}) });
  await loadMe();
}
