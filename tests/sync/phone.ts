// The phone side of sync tests: the real src/data (fake-indexeddb in Node) with a small PBKDF2
// iteration count, and valid record payloads taken from the domain's declared examples.
import {
  configureVaultForTests,
  createVault,
  getVaultStatus,
  saveRecord,
  unlockVault,
} from '../../src/data';
import { RECORD_KIND_DECLARATIONS } from '../../src/domain';
import { RECORD_KINDS } from '../../src/domain/envelope';

export const TEST_PIN = '246813';

/** Creates or unlocks the test vault. */
export async function unlockPhone(): Promise<void> {
  configureVaultForTests({ iterations: 1_000 });
  const status = await getVaultStatus();
  if (status === 'uninitialised') await createVault(TEST_PIN);
  else if (status === 'locked') await unlockVault(TEST_PIN);
}

/** A payload the server accepts for the n-th kind (cycling through every kind). */
export function validRecord(n: number): {
  kind: (typeof RECORD_KINDS)[number];
  schemaVersion: number;
  payload: Record<string, unknown>;
} {
  const declaration =
    RECORD_KIND_DECLARATIONS[
      RECORD_KINDS[n % RECORD_KINDS.length] as (typeof RECORD_KINDS)[number]
    ];
  const example = declaration.examples[0] as Record<string, unknown>;
  return {
    kind: declaration.kind,
    schemaVersion: declaration.schemaVersion,
    payload: structuredClone(example),
  };
}

/** Saves a new valid record (or a new rev of `id`) and returns its id. */
export async function saveValidRecord(n: number, id?: string): Promise<string> {
  const record = await saveRecord({ ...validRecord(n), ...(id === undefined ? {} : { id }) });
  return record.id;
}
