// The key holder's operations, all in the browser: create the district key pair (WebCrypto P-256),
// wrap its private half with the passphrase, and register only the wrapped blob and the public key;
// rotate it; re-wrap it for another holder. The server never sees a private key or a passphrase.
import {
  parseWrappedKey,
  recoveryFile,
  unwrapPrivateKey,
  wrapPrivateKey,
  type RecoveryFile,
} from '../../crypto/keyWrap';
import { describePublicKey, exportPublicJwk, generateKeyPair } from '../../crypto/seal';
import { api } from '../api';
import { fetchWrapped, type DistrictKeyState } from './keyring';

export interface NewDistrictKey {
  kid: string;
  fingerprint: string;
  recovery: RecoveryFile;
  /** What POST /district-key takes. */
  registration: { publicKey: RecoveryFile['publicKey']; wrapped: RecoveryFile['wrapped'] };
}

/**
 * A fresh key pair wrapped with `passphrase`. The extractable private key exists only inside this
 * function: it is wrapped (WebCrypto wrapKey) and dropped.
 */
export async function createDistrictKey(
  passphrase: string,
  now = new Date(),
): Promise<NewDistrictKey> {
  const pair = await generateKeyPair(true);
  const { kid, fingerprint } = await describePublicKey(pair.publicKey);
  const publicKey = await exportPublicJwk(pair.publicKey);
  const wrapped = await wrapPrivateKey(pair.privateKey, kid, passphrase);
  return {
    kid,
    fingerprint,
    recovery: recoveryFile(publicKey, fingerprint, wrapped, now.toISOString()),
    registration: { publicKey, wrapped },
  };
}

/** Registers a key made by createDistrictKey (first key, or rotation: the server retires the old). */
export async function registerDistrictKey(key: NewDistrictKey): Promise<DistrictKeyState> {
  await api('POST', '/district-key', key.registration);
  return api<DistrictKeyState>('GET', '/district-key');
}

/**
 * Adds a holder: each active key the caller holds is opened with the caller's passphrase (as an
 * extractable key, for this moment only) and wrapped again with the new holder's passphrase.
 * Returns the kids re-wrapped.
 */
export async function addHolder(
  state: DistrictKeyState,
  accountId: string,
  myPassphrase: string,
  theirPassphrase: string,
): Promise<string[]> {
  const active = new Set(state.keys.filter((k) => k.retiredAt === undefined).map((k) => k.kid));
  const mine = (await fetchWrapped()).filter((entry) => active.has(entry.kid));
  const done: string[] = [];
  for (const entry of mine) {
    const wrapped = parseWrappedKey(entry.wrapped);
    const transient = await unwrapPrivateKey(wrapped, myPassphrase, true);
    const theirs = await wrapPrivateKey(transient, entry.kid, theirPassphrase);
    await api('POST', `/district-key/${encodeURIComponent(entry.kid)}/holders`, {
      accountId,
      wrapped: theirs,
    });
    done.push(entry.kid);
  }
  return done;
}

export function recoveryFileName(key: { kid: string; createdAt: string }): string {
  return `jejaring-kunci-distrik-${key.createdAt.slice(0, 10)}-${key.kid.slice(0, 8)}.json`;
}
