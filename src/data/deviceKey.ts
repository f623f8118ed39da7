// The device key (contract v2): a P-256 key pair made at enrollment. The console seals review
// notes to its public half; the private half is stored encrypted with the data key (usable only
// while the vault is unlocked) and is imported non-extractable when a note is opened.
import { decryptJson, encryptJson } from './crypto';
import { deleteSetting, getSetting, setSetting } from './settingsStore';
import { requireKey } from './vault';
import type { Box } from './crypto';

const DEVICE_KEY = 'deviceKey';

export interface DeviceKeyPair {
  publicJwk: JsonWebKey;
  privateJwk: JsonWebKey;
}

/** A fresh P-256 pair as JWKs (WebCrypto). Nothing is stored until saveDeviceKey. */
export async function createDeviceKeyPair(): Promise<DeviceKeyPair> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, [
    'deriveBits',
  ]);
  const publicJwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const privateJwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
  return { publicJwk: { kty: 'EC', crv: 'P-256', x: publicJwk.x, y: publicJwk.y }, privateJwk };
}

/** Stores the pair, the private half encrypted with the data key. */
export async function saveDeviceKey(pair: DeviceKeyPair): Promise<void> {
  await setSetting(DEVICE_KEY, await encryptJson(requireKey(), pair));
}

/** The stored pair (decrypted; vault must be unlocked), or undefined before enrollment. */
export async function getDeviceKey(): Promise<DeviceKeyPair | undefined> {
  const box = await getSetting<Box>(DEVICE_KEY);
  return box ? decryptJson<DeviceKeyPair>(requireKey(), box) : undefined;
}

export function clearDeviceKey(): Promise<void> {
  return deleteSetting(DEVICE_KEY);
}
