// The vault: one random AES-GCM-256 data key per profile, wrapped by a key derived from what the
// volunteer types (PIN or passphrase, Argon2id) and, when a passkey is bound, the passkey's PRF
// output. The unwrapped key lives only in this module's memory while unlocked.
//
// Several profiles share the phone. The registry (settings key 'vaults') lists opaque entries; a
// PIN finds its profile by trying every entry. One Argon2id derivation per attempt (the salt and
// cost are the phone's, shared by the entries), then one HKDF + unwrap per entry, all of them
// every time: the work does not depend on which entry, if any, the PIN opens.
import { checkPinStrength } from '../domain/pin';
import {
  clearFailures,
  currentDelay,
  delayAfterFailures,
  FREE_PIN_ATTEMPTS,
  recordFailure,
  resetAttemptsSession,
  setMonotonicClockForTests,
} from './attempts';
import { deriveKey, randomBytes, toBytes } from './crypto';
import { closeDb } from './db';
import { DataError } from './errors';
import { argon2, calibrateArgon2, setTestKdfCost, wrappingKey, type Argon2Params } from './kdf';
import { createPasskey, evaluatePasskey, type PasskeyBinding } from './passkey';
import { deleteSetting, getSetting, setSetting } from './settingsStore';
import { currentSlot, dbNameFor, PROFILE_SETTING_KEYS, setCurrentSlot, slotKey } from './slot';
import { checkPassphrase } from './strength';
import { nowIso } from './time';

export { delayAfterFailures, FREE_PIN_ATTEMPTS };

export type VaultStatus = 'uninitialised' | 'locked' | 'unlocked';
/** What the volunteer types to unlock: digits, or words. */
export type SecretKind = 'pin' | 'passphrase';

interface VaultEntry {
  /** Storage slot of the profile (slot.ts): '' for the first, else 16 hex digits. */
  slot: string;
  secret: SecretKind;
  /** HKDF salt of this entry. */
  salt: Uint8Array;
  wrapIv: Uint8Array;
  wrappedKey: ArrayBuffer;
  passkey?: PasskeyBinding;
  /** Delete this profile after this many wrong tries in a row (off when absent). */
  wipeAfter?: number;
  createdAt: string;
}

interface Registry {
  format: 2;
  kdf: Argon2Params;
  entries: VaultEntry[];
}

/** The single PBKDF2 vault of app versions before Argon2id; upgraded on its next unlock. */
interface LegacyVault {
  format: 1;
  salt: Uint8Array;
  iterations: number;
  wrapIv: Uint8Array;
  wrappedKey: ArrayBuffer;
  createdAt: string;
}

const REGISTRY_KEY = 'vaults';
const LEGACY_KEY = 'vault';

/** Shortest PIN; the full rule is src/domain/pin.ts. */
export const MIN_PIN_LENGTH = 6;
/** Shortest backup passphrase (here, not in backup.ts, which loads only when a backup is made). */
export const MIN_PASSPHRASE_LENGTH = 8;
const MAX_SECRET_LENGTH = 256;
const LEGACY_BACKUP_ITERATIONS = 600_000;
/** The wipe-after choices offered (wrong tries in a row). */
export const WIPE_AFTER_CHOICES = [10, 15, 20] as const;

let dataKey: CryptoKey | undefined;
let openSlot: string | undefined;
const statusListeners = new Set<(s: VaultStatus) => void>();
const lockHooks = new Set<() => void>();
let testIterations: number | undefined;
let queue: Promise<unknown> = Promise.resolve();

/**
 * Tests only: cheap key derivation (any `iterations` switches Argon2id to 64 KiB × 1 pass and
 * PBKDF2 to that count) and a fake monotonic clock for the wrong-PIN delay.
 */
export function configureVaultForTests(config: { iterations?: number; now?: () => number }): void {
  testIterations = config.iterations;
  setTestKdfCost(config.iterations !== undefined ? { memoryKiB: 64, iterations: 1 } : undefined);
  setMonotonicClockForTests(config.now);
}

/** PBKDF2 iterations for backup files: strong (a file may travel), small only in tests. */
export function backupIterations(): number {
  return testIterations ?? LEGACY_BACKUP_ITERATIONS;
}

/** Runs vault operations one at a time, so parallel calls cannot skip the delay. */
function serial<T>(run: () => Promise<T>): Promise<T> {
  const next = queue.then(run);
  queue = next.catch(() => undefined);
  return next;
}

function emitStatus(status: VaultStatus): void {
  for (const listener of [...statusListeners]) listener(status);
}

/** Lets the screen paint "Membuka…" before the derivation occupies the main thread. */
function yieldToUi(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function readRegistry(): Promise<Registry | undefined> {
  return getSetting<Registry>(REGISTRY_KEY);
}

async function hasAnyVault(): Promise<boolean> {
  const reg = await readRegistry();
  if (reg && reg.entries.length > 0) return true;
  return (await getSetting<LegacyVault>(LEGACY_KEY)) !== undefined;
}

export async function getVaultStatus(): Promise<VaultStatus> {
  if (!(await hasAnyVault())) {
    // Another tab wiped everything: this tab's key decrypts nothing any more.
    if (dataKey) forgetVault();
    return 'uninitialised';
  }
  return dataKey ? 'unlocked' : 'locked';
}

function secretKindOf(secret: string): SecretKind {
  return /^\d+$/.test(secret) ? 'pin' : 'passphrase';
}

/** Cheap shape check before any derivation (an unlock attempt with an impossible secret). */
function checkShape(secret: string): void {
  if (secret.length > MAX_SECRET_LENGTH) throw new DataError('pin_too_short');
  if (secretKindOf(secret) === 'pin' && secret.length < MIN_PIN_LENGTH) {
    throw new DataError('pin_too_short', { minLength: MIN_PIN_LENGTH });
  }
  if (secret.length < MIN_PIN_LENGTH) throw new DataError('pin_too_short');
}

/** A new PIN or passphrase must pass the rules (src/domain/pin.ts, strength.ts). */
async function checkNewSecret(secret: string, kind: SecretKind): Promise<void> {
  if (kind === 'pin') {
    const verdict = checkPinStrength(secret);
    if (verdict.ok) return;
    if (['too_short', 'too_long', 'not_digits'].includes(verdict.problem)) {
      throw new DataError('pin_too_short', { minLength: MIN_PIN_LENGTH, problem: verdict.problem });
    }
    throw new DataError('pin_weak', { problem: verdict.problem });
  }
  const verdict = await checkPassphrase(secret);
  if (!verdict.ok) throw new DataError('passphrase_weak', { problem: verdict.problem });
}

function aad(slot: string): Uint8Array<ArrayBuffer> {
  // Binds a wrapped key to its slot: an entry copied onto another slot does not unwrap.
  return new TextEncoder().encode(`jejaring vault ${slot}`);
}

function unwrapEntry(entry: VaultEntry, key: CryptoKey, extractable: boolean): Promise<CryptoKey> {
  return crypto.subtle.unwrapKey(
    'raw',
    toBytes(entry.wrappedKey),
    key,
    { name: 'AES-GCM', iv: toBytes(entry.wrapIv), additionalData: aad(entry.slot) },
    { name: 'AES-GCM', length: 256 },
    extractable,
    ['encrypt', 'decrypt'],
  );
}

/** A new entry wrapping `rawKey` (extractable) for `slot` under the Argon2id (+PRF) secret. */
async function makeEntry(
  base: Pick<VaultEntry, 'slot' | 'secret' | 'wipeAfter' | 'createdAt'>,
  rawKey: CryptoKey,
  argonOutput: Uint8Array,
  passkey?: { binding: PasskeyBinding; prf: Uint8Array },
): Promise<{ entry: VaultEntry; key: CryptoKey }> {
  const salt = randomBytes(16);
  const key = await wrappingKey(argonOutput, passkey?.prf, salt);
  const wrapIv = randomBytes(12);
  const wrappedKey = await crypto.subtle.wrapKey('raw', rawKey, key, {
    name: 'AES-GCM',
    iv: wrapIv,
    additionalData: aad(base.slot),
  });
  const entry: VaultEntry = { ...base, salt, wrapIv, wrappedKey };
  if (entry.wipeAfter === undefined) delete entry.wipeAfter;
  if (passkey) entry.passkey = passkey.binding;
  return { entry, key };
}

/** Tries every PIN-only entry (all of them, whatever matches) with this Argon2id output. */
async function tryPinOnlyEntries(
  reg: Registry,
  argonOutput: Uint8Array,
  extractable: boolean,
): Promise<{ entry: VaultEntry; key: CryptoKey } | undefined> {
  let match: { entry: VaultEntry; key: CryptoKey } | undefined;
  for (const entry of reg.entries) {
    if (entry.passkey) continue;
    const key = await wrappingKey(argonOutput, undefined, entry.salt);
    try {
      const unwrapped = await unwrapEntry(entry, key, extractable);
      match ??= { entry, key: unwrapped };
    } catch {
      // AES-GCM authenticates: not this entry.
    }
  }
  return match;
}

/** The passkey-bound entries: the person picks and verifies theirs; then the PIN must match. */
async function tryPasskeyEntries(
  reg: Registry,
  argonOutput: Uint8Array,
  extractable: boolean,
): Promise<{ entry: VaultEntry; key: CryptoKey; prf: Uint8Array } | undefined> {
  const bound = reg.entries.filter((e) => e.passkey);
  if (bound.length === 0) return undefined;
  const { binding, prf } = await evaluatePasskey(bound.map((e) => e.passkey!));
  const entry = bound.find((e) => e.passkey === binding)!;
  const key = await wrappingKey(argonOutput, prf, entry.salt);
  try {
    return { entry, key: await unwrapEntry(entry, key, extractable), prf };
  } catch {
    return undefined;
  }
}

async function open(slot: string, key: CryptoKey): Promise<void> {
  if (slot !== currentSlot()) {
    // Another profile's storage: its own database from here on.
    closeDb();
    setCurrentSlot(slot);
  }
  dataKey = key;
  openSlot = slot;
  await clearFailures();
  emitStatus('unlocked');
}

/** A wrong try: counted, delay started, profiles that asked for it wiped; then 'wrong_pin'. */
async function fail(code: 'wrong_pin' | 'passkey_cancelled' = 'wrong_pin'): Promise<never> {
  const { attempts, retryAfterMs } = await recordFailure();
  await applyWipeRule(attempts);
  throw new DataError(code, { attempts, retryAfterMs });
}

async function requireNoDelay(): Promise<void> {
  const delay = await currentDelay();
  if (delay.retryAfterMs > 0) {
    throw new DataError('pin_delay', {
      attempts: delay.attempts,
      retryAfterMs: delay.retryAfterMs,
    });
  }
}

function legacyUnwrap(legacy: LegacyVault, key: CryptoKey, extractable: boolean) {
  return crypto.subtle.unwrapKey(
    'raw',
    toBytes(legacy.wrappedKey),
    key,
    { name: 'AES-GCM', iv: toBytes(legacy.wrapIv) },
    { name: 'AES-GCM', length: 256 },
    extractable,
    ['encrypt', 'decrypt'],
  );
}

/** The PBKDF2 vault opens with `secret`: its raw key (extractable), or undefined. */
async function tryLegacy(legacy: LegacyVault, secret: string): Promise<CryptoKey | undefined> {
  const key = await deriveKey(secret, toBytes(legacy.salt), legacy.iterations, [
    'wrapKey',
    'unwrapKey',
  ]);
  try {
    return await legacyUnwrap(legacy, key, true);
  } catch {
    return undefined;
  }
}

/** Re-wraps the PBKDF2 vault's data key with Argon2id (same key, same slot ''), then opens. */
async function upgradeLegacy(secret: string, rawKey: CryptoKey, reg?: Registry): Promise<void> {
  const kdf = reg?.kdf ?? (await calibrateArgon2());
  const argonOutput = await argon2(secret, kdf);
  const { entry } = await makeEntry(
    { slot: '', secret: secretKindOf(secret), createdAt: nowIso() },
    rawKey,
    argonOutput,
  );
  const entries = [...(reg?.entries ?? []).filter((e) => e.slot !== ''), entry];
  // The registry is written before the old vault is removed: a crash in between leaves both,
  // and the next unlock upgrades again.
  await setSetting(REGISTRY_KEY, { format: 2, kdf, entries } satisfies Registry);
  await deleteSetting(LEGACY_KEY);
  const key = await crypto.subtle.importKey(
    'raw',
    await crypto.subtle.exportKey('raw', rawKey),
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
  await open('', key);
}

function randomSlot(): string {
  return [...randomBytes(8)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export interface CreateVaultOptions {
  /** 'pin' (default) or 'passphrase' (words: for a phone without passkey support). */
  secret?: SecretKind;
  /** Bind the data key to a new passkey (WebAuthn PRF) as well. */
  passkey?: boolean;
  /** A further profile on a phone that already has one (from the lock screen). */
  additional?: boolean;
}

/**
 * Makes a new profile's data key protected by `secret` (and a passkey when asked) and leaves it
 * unlocked. First run: 'vault_exists' if a profile exists. An additional profile whose PIN
 * already opens another one: 'pin_unavailable', counted as a wrong try (the lock screen would
 * have told as much, at the same price).
 */
export function createVault(secret: string, options: CreateVaultOptions = {}): Promise<void> {
  return serial(() => createOnce(secret, options));
}

async function createOnce(secret: string, options: CreateVaultOptions): Promise<void> {
  const kind = options.secret ?? 'pin';
  await checkNewSecret(secret, kind);
  const reg = await readRegistry();
  const legacy = await getSetting<LegacyVault>(LEGACY_KEY);
  const exists = (reg?.entries.length ?? 0) > 0 || legacy !== undefined;
  if (exists && !options.additional) throw new DataError('vault_exists');
  if (exists) await requireNoDelay();
  const kdf = exists && reg ? reg.kdf : await calibrateArgon2();
  await yieldToUi();
  const argonOutput = await argon2(secret, kdf);
  if (exists) {
    const taken =
      (reg && (await tryPinOnlyEntries(reg, argonOutput, false))) ||
      (legacy && (await tryLegacy(legacy, secret)));
    if (taken) {
      await recordFailure();
      throw new DataError('pin_unavailable');
    }
  }
  const passkey = options.passkey ? await createPasskey() : undefined;
  const fresh = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, [
    'encrypt',
    'decrypt',
  ]);
  const taken = new Set(reg?.entries.map((e) => e.slot));
  const slot = !exists && !taken.has('') ? '' : randomSlot();
  const { entry, key } = await makeEntry(
    { slot, secret: kind, createdAt: nowIso() },
    fresh,
    argonOutput,
    passkey,
  );
  const entries = [...(reg?.entries ?? []), entry];
  await setSetting(REGISTRY_KEY, { format: 2, kdf, entries } satisfies Registry);
  const dataKeyCopy = await unwrapEntry(entry, key, false);
  if (!exists) await clearFailures();
  await open(slot, dataKeyCopy);
}

/** Wrong tries so far and how long until the next try is allowed (for the lock screen). */
export function getPinDelay(): Promise<{ attempts: number; retryAfterMs: number }> {
  return currentDelay();
}

export interface UnlockOptions {
  /** Ask for the passkey at once (a passkey-bound profile whose PIN another profile shares). */
  passkeyFirst?: boolean;
}

/**
 * Unlocks the profile `secret` (PIN or passphrase) opens. Throws 'wrong_pin' (details.attempts,
 * details.retryAfterMs), 'pin_delay' while a delay runs (nothing tried), 'passkey_cancelled'
 * (counted), 'passkey_unsupported' / 'passkey_failed' (counted) for a passkey-bound profile.
 */
export function unlockVault(secret: string, options: UnlockOptions = {}): Promise<void> {
  return serial(() => unlockOnce(secret, options));
}

async function unlockOnce(secret: string, options: UnlockOptions): Promise<void> {
  checkShape(secret);
  const reg = await readRegistry();
  const legacy = await getSetting<LegacyVault>(LEGACY_KEY);
  if (!legacy && !(reg && reg.entries.length > 0))
    throw new DataError('not_found', { what: 'vault' });
  await requireNoDelay();
  await yieldToUi();
  if (legacy) {
    const raw = await tryLegacy(legacy, secret);
    if (raw) return upgradeLegacy(secret, raw, reg);
  }
  if (!reg || reg.entries.length === 0) return fail();
  const argonOutput = await argon2(secret, reg.kdf);
  const pinOnly = options.passkeyFirst
    ? undefined
    : await tryPinOnlyEntries(reg, argonOutput, false);
  if (pinOnly) return open(pinOnly.entry.slot, pinOnly.key);
  let bound: Awaited<ReturnType<typeof tryPasskeyEntries>>;
  try {
    bound = await tryPasskeyEntries(reg, argonOutput, false);
  } catch (e) {
    // No answer from the passkey: the PIN was not confirmed; it counts as a try.
    const code = e instanceof DataError ? e.code : 'passkey_failed';
    const { attempts, retryAfterMs } = await recordFailure();
    await applyWipeRule(attempts);
    throw new DataError(code, { attempts, retryAfterMs }, { cause: e });
  }
  if (bound) return open(bound.entry.slot, bound.key);
  return fail();
}

/** Profiles that chose "wipe after N wrong tries" and reached N are deleted. */
async function applyWipeRule(failures: number): Promise<void> {
  const reg = await readRegistry();
  if (!reg) return;
  const doomed = reg.entries.filter((e) => e.wipeAfter !== undefined && failures >= e.wipeAfter);
  if (doomed.length === 0) return;
  const entries = reg.entries.filter((e) => !doomed.includes(e));
  if (entries.length === 0) await deleteSetting(REGISTRY_KEY);
  else await setSetting(REGISTRY_KEY, { ...reg, entries });
  for (const entry of doomed) await deleteProfileStorage(entry.slot);
  if (entries.length === 0 && !(await getSetting(LEGACY_KEY))) {
    forgetVault();
  }
}

/** Deletes one profile's database and settings. */
async function deleteProfileStorage(slot: string): Promise<void> {
  if (slot === currentSlot()) closeDb();
  for (const key of PROFILE_SETTING_KEYS) await deleteSetting(slotKey(key, slot));
  await new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase(dbNameFor(slot));
    request.onsuccess = () => resolve();
    request.onerror = () => resolve();
  });
}

/** The slots of every profile (for wiping the whole phone). */
export async function allSlots(): Promise<string[]> {
  const reg = await readRegistry();
  const slots = new Set(reg?.entries.map((e) => e.slot) ?? []);
  slots.add('');
  return [...slots];
}

/** The open profile's entry and the phone's registry; 'vault_locked' when locked. */
async function openEntry(): Promise<{ reg: Registry; entry: VaultEntry }> {
  requireKey();
  const reg = await readRegistry();
  const entry = reg?.entries.find((e) => e.slot === openSlot);
  if (!reg || !entry) throw new DataError('vault_locked');
  return { reg, entry };
}

/** Proves `secret` (and the passkey, when bound) for the open profile: the raw data key. */
async function verifyOpen(
  reg: Registry,
  entry: VaultEntry,
  secret: string,
): Promise<{ raw: CryptoKey; prf?: Uint8Array }> {
  checkShape(secret);
  await requireNoDelay();
  await yieldToUi();
  const argonOutput = await argon2(secret, reg.kdf);
  const prf = entry.passkey ? (await evaluatePasskey([entry.passkey])).prf : undefined;
  const key = await wrappingKey(argonOutput, prf, entry.salt);
  try {
    const raw = await unwrapEntry(entry, key, true);
    return prf ? { raw, prf } : { raw };
  } catch {
    return fail();
  }
}

async function replaceEntry(reg: Registry, old: VaultEntry, next: VaultEntry): Promise<void> {
  const fresh = (await readRegistry()) ?? reg;
  const entries = fresh.entries.map((e) => (e.slot === old.slot ? next : e));
  await setSetting(REGISTRY_KEY, { ...fresh, entries });
}

/**
 * Changes the open profile's PIN or passphrase (`kind` of the new one). The data key stays the
 * same: nothing is re-encrypted, nothing is lost. Needs the current secret (and passkey).
 */
export function changeSecret(current: string, next: string, kind: SecretKind): Promise<void> {
  return serial(async () => {
    const { reg, entry } = await openEntry();
    await checkNewSecret(next, kind);
    const { raw, prf } = await verifyOpen(reg, entry, current);
    const argonOutput = await argon2(next, reg.kdf);
    const others = { ...reg, entries: reg.entries.filter((e) => e !== entry) };
    if (await tryPinOnlyEntries(others, argonOutput, false)) {
      await recordFailure();
      throw new DataError('pin_unavailable');
    }
    const passkey = entry.passkey && prf ? { binding: entry.passkey, prf } : undefined;
    const { entry: updated } = await makeEntry(
      { slot: entry.slot, secret: kind, wipeAfter: entry.wipeAfter, createdAt: entry.createdAt },
      raw,
      argonOutput,
      passkey,
    );
    await replaceEntry(reg, entry, updated);
  });
}

/** Binds the open profile to a new passkey (PRF); replaces an earlier one. Needs the secret. */
export function enrollPasskey(current: string): Promise<void> {
  return serial(async () => {
    const { reg, entry } = await openEntry();
    const { raw } = await verifyOpen(reg, entry, current);
    const passkey = await createPasskey();
    const argonOutput = await argon2(current, reg.kdf);
    const { entry: updated } = await makeEntry(
      {
        slot: entry.slot,
        secret: entry.secret,
        wipeAfter: entry.wipeAfter,
        createdAt: entry.createdAt,
      },
      raw,
      argonOutput,
      passkey,
    );
    await replaceEntry(reg, entry, updated);
  });
}

/** Unbinds the passkey: the secret alone opens the profile again. Needs secret and passkey. */
export function removePasskey(current: string): Promise<void> {
  return serial(async () => {
    const { reg, entry } = await openEntry();
    if (!entry.passkey) return;
    const { raw } = await verifyOpen(reg, entry, current);
    const argonOutput = await argon2(current, reg.kdf);
    const { entry: updated } = await makeEntry(
      {
        slot: entry.slot,
        secret: entry.secret,
        wipeAfter: entry.wipeAfter,
        createdAt: entry.createdAt,
      },
      raw,
      argonOutput,
    );
    await replaceEntry(reg, entry, updated);
  });
}

/** Wipe this profile after `n` wrong tries in a row (undefined: never, the default). */
export function setWipeAfter(n: number | undefined): Promise<void> {
  return serial(async () => {
    const { reg, entry } = await openEntry();
    if (n !== undefined && (!Number.isInteger(n) || n <= FREE_PIN_ATTEMPTS)) {
      throw new DataError('not_found', { what: 'wipeAfter' });
    }
    const updated: VaultEntry = { ...entry };
    if (n === undefined) delete updated.wipeAfter;
    else updated.wipeAfter = n;
    await replaceEntry(reg, entry, updated);
  });
}

export interface SecuritySettings {
  secret: SecretKind;
  passkey: boolean;
  wipeAfter?: number;
  kdf: { alg: 'argon2id'; memoryKiB: number; iterations: number; measuredMs?: number };
}

/** The open profile's protection, for Settings → Security. */
export async function getSecuritySettings(): Promise<SecuritySettings> {
  const { reg, entry } = await openEntry();
  const settings: SecuritySettings = {
    secret: entry.secret,
    passkey: entry.passkey !== undefined,
    kdf: {
      alg: 'argon2id',
      memoryKiB: reg.kdf.memoryKiB,
      iterations: reg.kdf.iterations,
      ...(reg.kdf.measuredMs !== undefined ? { measuredMs: reg.kdf.measuredMs } : {}),
    },
  };
  if (entry.wipeAfter !== undefined) settings.wipeAfter = entry.wipeAfter;
  return settings;
}

/** Forgets the data key. Flush autosavers first (flushAllAutosavers) so no draft is lost. */
export function lockVault(): void {
  const wasUnlocked = dataKey !== undefined;
  dataKey = undefined;
  openSlot = undefined;
  for (const hook of [...lockHooks]) hook();
  if (wasUnlocked) emitStatus('locked');
}

/** Called by wipeAllLocalData after the stores are gone. */
export function forgetVault(): void {
  dataKey = undefined;
  openSlot = undefined;
  setCurrentSlot('');
  resetAttemptsSession();
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

/** Whether a profile is open (its data key in memory). */
export function isUnlocked(): boolean {
  return dataKey !== undefined;
}

/** The data key, or DataError 'vault_locked'. */
export function requireKey(): CryptoKey {
  if (!dataKey) throw new DataError('vault_locked');
  return dataKey;
}
