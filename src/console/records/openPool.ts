// Opens many sealed records with the district keys, spread over a few Web Workers so the HPKE
// work (src/crypto/seal.ts through @hpke/core) runs beside the page instead of on its thread; in a
// page without workers (tests in jsdom) the same loop runs in the page. Invariant: opened
// payloads exist only in memory — the workers receive sealed bytes and non-extractable keys (a
// CryptoKey is structured-cloned, never exported) and hand the payloads back to memory.ts.
import { openRecordPayload, type OpenKey } from '../../crypto/seal';
import {
  openSealedItems,
  type OpenRequest,
  type OpenResponse,
  type OpenResult,
  type SealedItem,
} from './openItems';

export type { OpenResult, SealedItem } from './openItems';

// Items per message: large enough that posting costs little, small enough that progress moves.
const CHUNK = 250;

function workerCount(): number {
  const cores = typeof navigator === 'undefined' ? 2 : navigator.hardwareConcurrency || 2;
  return Math.max(1, Math.min(4, cores));
}

function startWorker(): Worker | undefined {
  if (typeof Worker === 'undefined') return undefined;
  try {
    return new Worker(new URL('./openWorker.ts', import.meta.url), { type: 'module' });
  } catch {
    return undefined;
  }
}

/** Opens `items` with `keys`; results in the same order. `onProgress` gets the count done. */
export async function openSealedPool(
  items: readonly SealedItem[],
  keys: readonly OpenKey[],
  onProgress?: (done: number) => void,
): Promise<OpenResult[]> {
  const inPage = () => openSealedItems(items, (h, s) => openRecordPayload(h, s, keys));
  if (items.length === 0) return [];
  const workers: Worker[] = [];
  for (let i = 0; i < Math.min(workerCount(), Math.ceil(items.length / CHUNK)); i++) {
    const worker = startWorker();
    if (!worker) break;
    workers.push(worker);
  }
  if (workers.length === 0) return inPage();
  const results = new Array<OpenResult>(items.length);
  let nextChunk = 0;
  let done = 0;
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              const start = nextChunk * CHUNK;
              nextChunk++;
              if (start >= items.length) return resolve();
              const request: OpenRequest = {
                job: start,
                keys,
                items: items.slice(start, start + CHUNK),
              };
              worker.postMessage(request);
            };
            worker.onmessage = (event: MessageEvent<OpenResponse>) => {
              const { job, results: chunk } = event.data;
              for (let i = 0; i < chunk.length; i++) results[job + i] = chunk[i]!;
              done += chunk.length;
              onProgress?.(done);
              send();
            };
            worker.onerror = (event) => {
              event.preventDefault();
              reject(new Error('record opener worker failed'));
            };
            send();
          }),
      ),
    );
  } catch {
    // A worker that cannot start or dies (an old browser, a blocked module worker): open in the
    // page instead, from the start, so no result is mixed from two runs.
    return inPage();
  } finally {
    for (const worker of workers) worker.terminate();
  }
  return results;
}
