// DOM tests: an in-memory IndexedDB and Node's WebCrypto (jsdom has no SubtleCrypto).
import 'fake-indexeddb/auto';
import { Buffer } from 'node:buffer';
import { webcrypto } from 'node:crypto';

// Under jsdom, `Uint8Array` and `ArrayBuffer` are jsdom's globals, another realm than Node's
// WebCrypto; libraries that build key material with `new Uint8Array(…)` (@hpke/core's HKDF) hand
// those to Node's importKey, which refuses them. Browsers have one realm, so the product needs
// nothing of this: the shim copies foreign-realm buffers into Node's realm (and leaves the rest).
function nodeRealm(value: unknown): unknown {
  if (value instanceof Buffer || value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value))
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (Object.prototype.toString.call(value) === '[object ArrayBuffer]')
    return Buffer.from(value as ArrayBuffer);
  return value;
}
function nodeRealmArgs(args: unknown[]): unknown[] {
  return args.map((arg) => {
    if (typeof arg === 'object' && arg !== null && !ArrayBuffer.isView(arg)) {
      if (Object.prototype.toString.call(arg) === '[object ArrayBuffer]') return nodeRealm(arg);
      if (Object.getPrototypeOf(arg) === Object.prototype) {
        return Object.fromEntries(Object.entries(arg).map(([k, v]) => [k, nodeRealm(v)]));
      }
      return arg;
    }
    return nodeRealm(arg);
  });
}
const subtle = webcrypto.subtle;
const realmSafeSubtle = new Proxy(subtle, {
  get(target, name) {
    const member = Reflect.get(target, name, target) as unknown;
    if (typeof member !== 'function') return member;
    return (...args: unknown[]) =>
      (member as (...a: unknown[]) => unknown).apply(target, nodeRealmArgs(args));
  },
});
const realmSafeCrypto = {
  subtle: realmSafeSubtle,
  getRandomValues: <T extends ArrayBufferView | null>(array: T): T =>
    webcrypto.getRandomValues(array as never) as T,
  randomUUID: () => webcrypto.randomUUID(),
};
Object.defineProperty(globalThis, 'crypto', { value: realmSafeCrypto, configurable: true });
