// What the record opener's workers and its in-page fallback share: the message shapes and the
// loop that opens a list of sealed payloads with a bounded number in flight.
import type { Sealed, SealedRecordHeader } from '../../domain/contract';
import type { OpenKey } from '../../crypto/seal';

export interface SealedItem {
  header: SealedRecordHeader;
  sealed: Sealed;
}

/** One opened payload, or `null` where it did not open (wrong key, tampered, moved). */
export type OpenResult = { payload: unknown } | null;

export interface OpenRequest {
  job: number;
  keys: readonly OpenKey[];
  items: readonly SealedItem[];
}

export interface OpenResponse {
  job: number;
  results: OpenResult[];
}

// WebCrypto answers asynchronously from its own threads: several opens in flight keep them busy.
const IN_FLIGHT = 32;

/** Opens every item; a failure becomes `null`, never an exception. */
export async function openSealedItems(
  items: readonly SealedItem[],
  open: (header: SealedRecordHeader, sealed: Sealed) => Promise<unknown>,
): Promise<OpenResult[]> {
  const results = new Array<OpenResult>(items.length);
  let next = 0;
  const lane = async () => {
    for (;;) {
      const index = next++;
      if (index >= items.length) return;
      const item = items[index]!;
      try {
        results[index] = { payload: await open(item.header, item.sealed) };
      } catch {
        results[index] = null;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, items.length) }, lane));
  return results;
}
