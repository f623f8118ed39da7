// A passkey with user verification whose WebAuthn PRF output is a secret that never touches the
// disk: the vault mixes it with the PIN (kdf.ts), so a copied IndexedDB is useless without this
// phone's authenticator (fingerprint or screen lock). Raw navigator.credentials with the `prf`
// extension; nothing is sent anywhere (there is no relying-party server: the challenge is local).
import { DataError } from './errors';

export interface PasskeyBinding {
  credentialId: Uint8Array;
  /** PRF input (32 random bytes, stored): the authenticator returns HMAC(secret, salt). */
  prfSalt: Uint8Array;
}

type PrfResults = { enabled?: boolean; results?: { first?: BufferSource } };

function random(n: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(n));
}

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function bytesOf(source: BufferSource): Uint8Array<ArrayBuffer> {
  if (ArrayBuffer.isView(source)) {
    return new Uint8Array(new Uint8Array(source.buffer, source.byteOffset, source.byteLength));
  }
  return new Uint8Array(new Uint8Array(source));
}

/** Whether this browser may offer a platform passkey (PRF itself is known only after trying). */
export async function passkeyMaybeAvailable(): Promise<boolean> {
  const pkc = (globalThis as { PublicKeyCredential?: typeof PublicKeyCredential })
    .PublicKeyCredential;
  if (!pkc || !globalThis.navigator?.credentials) return false;
  try {
    const caps = await (
      pkc as unknown as { getClientCapabilities?: () => Promise<Record<string, boolean>> }
    ).getClientCapabilities?.();
    if (caps && caps['extension:prf'] === false) return false;
    return await pkc.isUserVerifyingPlatformAuthenticatorAvailable();
  } catch {
    return false;
  }
}

function mapError(e: unknown): DataError {
  if (e instanceof DataError) return e;
  // DOMException is not an Error in every realm: read the name off any object.
  const name =
    typeof e === 'object' && e !== null && 'name' in e && typeof e.name === 'string' ? e.name : '';
  // NotAllowedError: the person cancelled, the prompt timed out, or verification failed.
  if (name === 'NotAllowedError' || name === 'AbortError') {
    return new DataError('passkey_cancelled', undefined, { cause: e });
  }
  if (name === 'NotSupportedError' || name === 'SecurityError') {
    return new DataError('passkey_unsupported', undefined, { cause: e });
  }
  return new DataError('passkey_failed', { name }, { cause: e });
}

/** The PRF output of one of `bindings` (the person picks and verifies); which one answered. */
export async function evaluatePasskey(
  bindings: readonly PasskeyBinding[],
): Promise<{ binding: PasskeyBinding; prf: Uint8Array }> {
  if (!globalThis.navigator?.credentials) throw new DataError('passkey_unsupported');
  const evalByCredential: Record<string, { first: Uint8Array<ArrayBuffer> }> = {};
  for (const b of bindings) {
    evalByCredential[base64Url(b.credentialId)] = { first: new Uint8Array(b.prfSalt) };
  }
  let credential: Credential | null;
  try {
    credential = await navigator.credentials.get({
      publicKey: {
        challenge: random(32),
        allowCredentials: bindings.map((b) => ({
          type: 'public-key' as const,
          id: new Uint8Array(b.credentialId),
        })),
        userVerification: 'required',
        timeout: 120_000,
        extensions: { prf: { evalByCredential } } as AuthenticationExtensionsClientInputs,
      },
    });
  } catch (e) {
    throw mapError(e);
  }
  const pk = credential as PublicKeyCredential | null;
  if (!pk) throw new DataError('passkey_cancelled');
  const id = base64Url(bytesOf(pk.rawId));
  const binding = bindings.find((b) => base64Url(b.credentialId) === id);
  const prf = (pk.getClientExtensionResults() as { prf?: PrfResults }).prf?.results?.first;
  if (!binding) throw new DataError('passkey_failed', { name: 'unknown_credential' });
  if (!prf) throw new DataError('passkey_unsupported');
  return { binding, prf: bytesOf(prf) };
}

/**
 * Creates a platform passkey with user verification and the PRF extension, and returns its
 * binding and first PRF output. Throws 'passkey_unsupported' when the authenticator has no PRF
 * (nothing is stored then), 'passkey_cancelled' when the person cancels.
 */
export async function createPasskey(): Promise<{ binding: PasskeyBinding; prf: Uint8Array }> {
  if (!globalThis.navigator?.credentials) throw new DataError('passkey_unsupported');
  const prfSalt = random(32);
  let credential: Credential | null;
  try {
    credential = await navigator.credentials.create({
      publicKey: {
        // The name the phone shows in its passkey list: neutral on purpose.
        rp: { name: 'Jejaring' },
        user: { id: random(16), name: 'Jejaring', displayName: 'Jejaring' },
        challenge: random(32),
        pubKeyCredParams: [
          { type: 'public-key', alg: -7 },
          { type: 'public-key', alg: -257 },
        ],
        authenticatorSelection: {
          authenticatorAttachment: 'platform',
          userVerification: 'required',
          residentKey: 'discouraged',
        },
        timeout: 120_000,
        extensions: { prf: { eval: { first: prfSalt } } } as AuthenticationExtensionsClientInputs,
      },
    });
  } catch (e) {
    throw mapError(e);
  }
  const pk = credential as PublicKeyCredential | null;
  if (!pk) throw new DataError('passkey_cancelled');
  const prfResult = (pk.getClientExtensionResults() as { prf?: PrfResults }).prf;
  if (!prfResult?.enabled && !prfResult?.results) throw new DataError('passkey_unsupported');
  const binding: PasskeyBinding = { credentialId: bytesOf(pk.rawId), prfSalt };
  const first = prfResult.results?.first;
  // Some authenticators give PRF output only on an assertion: ask once more.
  if (!first) return evaluatePasskey([binding]);
  return { binding, prf: bytesOf(first) };
}
