// The vault: a random AES-GCM-256 data key, wrapped by a key derived from the user's PIN. The
// unwrapped key lives only in this module's memory while unlocked.
import { deriveKey, randomBytes, timePbkdf2, toBytes } from './crypto';
import { DataError } from './errors';
import { deleteSetting, getSetting, setSetting } from './settingsStore';
import { nowIso } from './time';

export type VaultStatus = 'uninitialised' | 'locked' | 'unlocked';

interface VaultMeta {
  format: 1;
  salt: Uint8Array;
  iterations: number;
  wrapIv: Uint8Array;
  wrappedKey: ArrayBuffer;
  createdAt: string;
}

interface PinAttempts {
  failures: number;
  /** Epoch ms until which no PIN is even tried. */
  blockedUntil: number;
}

const VAULT_KEY = 'vault';
const ATTEMPTS_KEY = 'vaultAttempts';

export const MIN_PIN_LENGTH = 6;
/** Shortest backup passphrase (here, not in backup.ts, which loads only when a backup is made). */
export const MIN_PASSPHRASE_LENGTH = 8;
export const MIN_ITERATIONS = 100_000;
export const MAX_ITERATIONS = 2_000_000;
export const TARGET_DERIVATION_MS = 300;
const BACKUP_ITERATIONS = 600_000;
/** Wrong PINs allowed without delay; then 30 s, doubling, capped at one hour. */
export const FREE_PIN_ATTEMPTS = 3;
const FIRST_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60_000;

let dataKey: CryptoKey | undefined;
const statusListeners = new Set<(s: VaultStatus) => void>();
const lockHooks = new Set<() => void>();
let testConfig: { iterations?: number; now?: () => number } = {};
let unlockQueue: Promise<unknown> = Promise.resolve();

/** Tests only: a small PBKDF2 iteration count and a fake clock. Production calibrates. */
export function configureVaultForTests(config: { iterations?: number; now?: () => number }): void {
  testConfig = { ...config };
}

/** PBKDF2 iterations for backup files: strong (a file may travel), small only in tests. */
export function backupIterations(): number {
  return testConfig.iterations ?? BACKUP_ITERATIONS;
}

function now(): number {
  return (testConfig.now ?? Date.now)();
}

/** Delay (ms) imposed after the given number of consecutive wrong PINs. */
export function delayAfterFailures(failures: number): number {
  if (failures <= FREE_PIN_ATTEMPTS) return 0;
  return Math.min(FIRST_DELAY_MS * 2 ** (failures - FREE_PIN_ATTEMPTS - 1), MAX_DELAY_MS);
}

/** Scales a probe's timing to the iteration count that takes `targetMs`, clamped. */
export function iterationsFor(probeIterations: number, probeMs: number, targetMs: number): number {
  const scaled = probeMs > 0 ? Math.round((probeIterations * targetMs) / probeMs) : MAX_ITERATIONS;
  return Math.min(MAX_ITERATIONS, Math.max(MIN_ITERATIONS, scaled));
}

/** Times PBKDF2 on this device and returns iterations for ~300 ms, within [100000, 2000000]. */
export async function calibrateIterations(targetMs = TARGET_DERIVATION_MS): Promise<number> {
  // Grow the probe until it is long enough (≥ 50 ms) to time reliably.
  let probe = 10_000;
  let ms = await timePbkdf2(probe);
  while (ms < 50 && probe < MAX_ITERATIONS / 4) {
    probe *= 4;
    ms = await timePbkdf2(probe);
  }
  return iterationsFor(probe, ms, targetMs);
}

function checkPin(pin: string): void {
  if (!/^\d+$/.test(pin) || pin.length < MIN_PIN_LENGTH || pin.length > 64) {
    throw new DataError('pin_too_short', { minLength: MIN_PIN_LENGTH });
  }
}

function emitStatus(status: VaultStatus): void {
  for (const listener of [...statusListeners]) listener(status);
}

export async function getVaultStatus(): Promise<VaultStatus> {
  const meta = await getSetting<VaultMeta>(VAULT_KEY);
  if (!meta) {
    // Another tab wiped everything: this tab's key decrypts nothing any more.
    if (dataKey) forgetVault();
    return 'uninitialised';
  }
  return dataKey ? 'unlocked' : 'locked';
}

/** First run: makes a new data key protected by `pin` and leaves the vault unlocked. */
export async function createVault(pin: string): Promise<void> {
  checkPin(pin);
  if (await getSetting<VaultMeta>(VAULT_KEY)) throw new DataError('vault_exists');
  const iterations = testConfig.iterations ?? (await calibrateIterations());
  const salt = randomBytes(16);
  const wrappingKey = await deriveKey(pin, salt, iterations, ['wrapKey', 'unwrapKey']);
  // Extractable only so it can be wrapped; the in-memory copy below is unwrapped non-extractable.
  const freshKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, [
    'encrypt',
    'decrypt',
  ]);
  const wrapIv = randomBytes(12);
  const wrappedKey = await crypto.subtle.wrapKey('raw', freshKey, wrappingKey, {
    name: 'AES-GCM',
    iv: wrapIv,
  });
  const meta: VaultMeta = { format: 1, salt, iterations, wrapIv, wrappedKey, createdAt: nowIso() };
  await setSetting(VAULT_KEY, meta);
  await deleteSetting(ATTEMPTS_KEY);
  dataKey = await unwrap(meta, wrappingKey);
  emitStatus('unlocked');
}

function unwrap(meta: VaultMeta, wrappingKey: CryptoKey): Promise<CryptoKey> {
  return crypto.subtle.unwrapKey(
    'raw',
    toBytes(meta.wrappedKey),
    wrappingKey,
    { name: 'AES-GCM', iv: toBytes(meta.wrapIv) },
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** Wrong PINs so far and how long until the next try is allowed (for the lock screen). */
export async function getPinDelay(): Promise<{ attempts: number; retryAfterMs: number }> {
  const attempts = (await getSetting<PinAttempts>(ATTEMPTS_KEY)) ?? {
    failures: 0,
    blockedUntil: 0,
  };
  return { attempts: attempts.failures, retryAfterMs: Math.max(0, attempts.blockedUntil - now()) };
}

/**
 * Unlocks with `pin`. Throws 'wrong_pin' (details.attempts, details.retryAfterMs) or, while a
 * delay from earlier wrong PINs runs, 'pin_delay' without trying. The delay is persisted, so a
 * reload does not reset it.
 */
export function unlockVault(pin: string): Promise<void> {
  // One attempt at a time, so parallel calls cannot skip the delay.
  const attempt = unlockQueue.then(() => unlockOnce(pin));
  unlockQueue = attempt.catch(() => undefined);
  return attempt;
}

async function unlockOnce(pin: string): Promise<void> {
  checkPin(pin);
  const meta = await getSetting<VaultMeta>(VAULT_KEY);
  if (!meta) throw new DataError('not_found', { what: 'vault' });
  const attempts = (await getSetting<PinAttempts>(ATTEMPTS_KEY)) ?? {
    failures: 0,
    blockedUntil: 0,
  };
  const at = now();
  if (attempts.blockedUntil > at) {
    throw new DataError('pin_delay', {
      retryAfterMs: attempts.blockedUntil - at,
      attempts: attempts.failures,
    });
  }
  const wrappingKey = await deriveKey(pin, toBytes(meta.salt), meta.iterations, [
    'wrapKey',
    'unwrapKey',
  ]);
  let key: CryptoKey;
  try {
    key = await unwrap(meta, wrappingKey);
  } catch {
    const failures = attempts.failures + 1;
    const retryAfterMs = delayAfterFailures(failures);
    await setSetting(ATTEMPTS_KEY, { failures, blockedUntil: at + retryAfterMs });
    throw new DataError('wrong_pin', { attempts: failures, retryAfterMs });
  }
  if (attempts.failures > 0) await deleteSetting(ATTEMPTS_KEY);
  dataKey = key;
  emitStatus('unlocked');
}

/** Forgets the data key. Flush autosavers first (flushAllAutosavers) so no draft is lost. */
export function lockVault(): void {
  const wasUnlocked = dataKey !== undefined;
  dataKey = undefined;
  for (const hook of [...lockHooks]) hook();
  if (wasUnlocked) emitStatus('locked');
}

/** Called by wipeAllLocalData after the stores are gone. */
export function forgetVault(): void {
  dataKey = undefined;
  for (const hook of [...lockHooks]) hook();
  emitStatus('uninitialised');
}

export function onVaultChange(listener: (s: VaultStatus) => void): () => void {
  statusListeners.add(listener);
  return () => statusListeners.delete(listener);
}

/** Internal: runs when the key is dropped (session caches of decrypted data clear themselves). */
export function onKeyDropped(hook: () => void): () => void {
  lockHooks.add(hook);
  return () => lockHooks.delete(hook);
}

/** The data key, or DataError 'vault_locked'. */
export function requireKey(): CryptoKey {
  if (!dataKey) throw new DataError('vault_locked');
  return dataKey;
}
