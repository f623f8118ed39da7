// Which profile's storage is in use. Every profile on the phone has its own record database and
// its own settings keys; the first profile keeps the names the app always used ('jejaring',
// unprefixed keys), so phones from before profiles keep their data where it is.

let slot = '';

/** The storage slot of the profile last unlocked ('' for the first profile). */
export function currentSlot(): string {
  return slot;
}

/** Internal (vault.ts): switch storage to another profile's slot. */
export function setCurrentSlot(next: string): void {
  slot = next;
}

/** The Dexie database name of a slot. */
export function dbNameFor(s: string): string {
  return s ? `jejaring-${s}` : 'jejaring';
}

/** A per-profile settings key (profile, enrollment, sync meta) in the current slot. */
export function slotKey(key: string, s: string = slot): string {
  return s ? `${s}/${key}` : key;
}

/** Settings keys that belong to a profile (removed with it). */
export const PROFILE_SETTING_KEYS = ['profile', 'enrollment', 'syncMeta', 'retentionDays'] as const;
