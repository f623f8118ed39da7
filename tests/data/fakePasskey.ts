// A stand-in platform authenticator for jsdom: navigator.credentials with the PRF extension,
// computing PRF as HMAC-SHA-256(credential secret, salt) like CTAP2's hmac-secret. `present`
// false behaves like a phone without that passkey (the prompt fails with NotAllowedError).
import { createHmac, randomBytes } from 'node:crypto';

interface FakeCredential {
  id: Uint8Array;
  secret: Buffer;
}

function b64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

function bytes(source: BufferSource): Buffer {
  return ArrayBuffer.isView(source)
    ? Buffer.from(source.buffer, source.byteOffset, source.byteLength)
    : Buffer.from(source);
}

export function installFakePasskeys(options: { prf?: boolean } = {}) {
  const credentials: FakeCredential[] = [];
  const state = { present: true, cancel: false, prf: options.prf ?? true, gets: 0 };
  const prfOf = (c: FakeCredential, salt: BufferSource) =>
    new Uint8Array(createHmac('sha256', c.secret).update(bytes(salt)).digest()).buffer;
  const api = {
    async create(opts: CredentialCreationOptions) {
      if (state.cancel) throw new DOMException('cancelled', 'NotAllowedError');
      const cred: FakeCredential = { id: new Uint8Array(randomBytes(16)), secret: randomBytes(32) };
      credentials.push(cred);
      const prf = (opts.publicKey!.extensions as { prf?: { eval?: { first: BufferSource } } }).prf;
      return {
        rawId: cred.id.buffer,
        getClientExtensionResults: () =>
          state.prf
            ? {
                prf: {
                  enabled: true,
                  results: prf?.eval ? { first: prfOf(cred, prf.eval.first) } : undefined,
                },
              }
            : {},
      };
    },
    async get(opts: CredentialRequestOptions) {
      state.gets++;
      if (state.cancel || !state.present) throw new DOMException('no passkey', 'NotAllowedError');
      const allowed = opts.publicKey!.allowCredentials ?? [];
      const cred = credentials.find((c) =>
        allowed.some((a) => b64url(bytes(a.id)) === b64url(c.id)),
      );
      if (!cred) throw new DOMException('no passkey', 'NotAllowedError');
      const byCred = (
        opts.publicKey!.extensions as {
          prf?: { evalByCredential?: Record<string, { first: BufferSource }> };
        }
      ).prf?.evalByCredential;
      const salt = byCred?.[b64url(cred.id)]?.first;
      return {
        rawId: cred.id.buffer,
        getClientExtensionResults: () =>
          state.prf && salt ? { prf: { results: { first: prfOf(cred, salt) } } } : {},
      };
    },
  };
  Object.defineProperty(navigator, 'credentials', { value: api, configurable: true });
  return {
    state,
    credentials,
    remove() {
      Object.defineProperty(navigator, 'credentials', { value: undefined, configurable: true });
    },
  };
}
