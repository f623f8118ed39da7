// A worker of the console's record opener (openPool.ts): opens the sealed payloads it is sent with
// the district keys it is sent, and answers with the parsed payloads. It keeps nothing: keys and
// payloads are dropped when the answer is posted, and the pool terminates the worker when done.
import { openRecordPayload } from '../../crypto/seal';
import { openSealedItems, type OpenRequest, type OpenResponse } from './openItems';

interface WorkerScope {
  onmessage: ((event: MessageEvent<OpenRequest>) => void) | null;
  postMessage(message: OpenResponse): void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  const { job, keys, items } = event.data;
  void openSealedItems(items, (header, sealed) => openRecordPayload(header, sealed, keys)).then(
    (results) => scope.postMessage({ job, results }),
  );
};
