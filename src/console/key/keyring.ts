// The district keys unlocked in this tab: non-extractable private keys in memory only, forgotten
// when the console locks. Unlocking fetches the caller's wrapped blobs and opens each with the
// passphrase (Argon2id → AES-GCM unwrap, src/crypto/keyWrap.ts).
import type { PublicJwk } from '../../domain/contract';
import { importPublicJwk, type OpenKey } from '../../crypto/seal';
import { unwrapPrivateKey, WrongPassphraseError } from '../../crypto/keyWrap';
import { api } from '../api';
import { lockEvents } from '../session';
import { createStore } from '../store';

export interface DistrictKeyInfo {
  kid: string;
  publicKey: PublicJwk;
  fingerprint: string;
  createdAt: string;
  retiredAt?: string;
}
export interface KeyHolder {
  accountId: string;
  displayName?: string;
  kid: string;
  createdAt: string;
}
export interface DistrictKeyState {
  keys: DistrictKeyInfo[];
  holders: KeyHolder[];
}

export interface UnlockedKeys {
  keys: OpenKey[];
  /** Public info of every district key (active and retired), for sealing notes. */
  state: DistrictKeyState;
}

export const keyring = createStore<UnlockedKeys | null>(null);
// Invariant: a lock leaves no private key reachable from the console.
lockEvents.subscribe(() => keyring.set(null));

/** The caller holds no wrapped copy of any district key. */
export class NoKeyHeldError extends Error {
  constructor() {
    super('no district key is held by this account');
    this.name = 'NoKeyHeldError';
  }
}

export function fetchKeyState(): Promise<DistrictKeyState> {
  return api<DistrictKeyState>('GET', '/district-key');
}

export function fetchWrapped(): Promise<{ kid: string; wrapped: unknown }[]> {
  return api<{ kid: string; wrapped: unknown }[]>('GET', '/district-key/wrapped');
}

/** Opens every wrapped key of the caller that the passphrase opens; at least one must. */
export async function unlockKeys(passphrase: string): Promise<UnlockedKeys> {
  const [state, wrapped] = await Promise.all([fetchKeyState(), fetchWrapped()]);
  if (wrapped.length === 0) throw new NoKeyHeldError();
  const keys: OpenKey[] = [];
  let lastError: unknown = new WrongPassphraseError();
  for (const entry of wrapped) {
    const info = state.keys.find((key) => key.kid === entry.kid);
    if (!info) continue;
    try {
      const privateKey = await unwrapPrivateKey(entry.wrapped, passphrase);
      keys.push({ kid: entry.kid, privateKey, publicKey: await importPublicJwk(info.publicKey) });
    } catch (error) {
      lastError = error;
    }
  }
  if (keys.length === 0) throw lastError;
  const unlocked = { keys, state };
  keyring.set(unlocked);
  return unlocked;
}

/** Active (not retired) district keys: every note is sealed to all of them. */
export function activeKeys(state: DistrictKeyState): DistrictKeyInfo[] {
  return state.keys.filter((key) => key.retiredAt === undefined);
}
