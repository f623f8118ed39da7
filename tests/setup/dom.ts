// DOM tests: an in-memory IndexedDB and Node's WebCrypto (jsdom has no SubtleCrypto).
import 'fake-indexeddb/auto';
import { webcrypto } from 'node:crypto';

if (!globalThis.crypto?.subtle) {
  Object.defineProperty(globalThis, 'crypto', { value: webcrypto, configurable: true });
}
