// Contract v2 in src/domain: byte helpers, canonical JSON, AAD, kid/fingerprint, the envelope
// and feed schemas, and validateEnvelopeV2.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FINGERPRINT_PATTERN,
  KID_PATTERN,
  canonicalJson,
  computeMeta,
  envelopeV2Schema,
  feedItemSchema,
  fingerprintFromSpkiDigest,
  fromBase64Url,
  kidFromSpkiDigest,
  publicJwkSchema,
  recordAadText,
  toBase64Url,
  utf8Encode,
  validateEnvelopeV2,
} from '../../src/domain/contract';
import { RECORD_KIND_DECLARATIONS } from '../../src/domain';

describe('base64url and UTF-8', () => {
  it('matches Node Buffer for any bytes and round-trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (raw) => {
        const text = toBase64Url(raw);
        expect(text).toBe(Buffer.from(raw).toString('base64url'));
        expect(fromBase64Url(text)).toEqual(raw);
      }),
    );
  });
  it('refuses non-canonical or foreign text', () => {
    expect(fromBase64Url('a')).toBeUndefined();
    expect(fromBase64Url('ab+/')).toBeUndefined();
    expect(fromBase64Url('AB')).toBeUndefined(); // leftover bits not zero
    expect(fromBase64Url('AA')).toEqual(new Uint8Array([0]));
  });
  it('encodes UTF-8 like TextEncoder', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(utf8Encode(text)).toEqual(new TextEncoder().encode(text));
      }),
    );
  });
});

describe('canonicalJson', () => {
  it('sorts keys, drops undefined, and parses back to the same value', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: undefined, d: { z: 0, y: -1.5 } })).toBe(
      '{"a":[true,null,"x"],"b":1,"d":{"y":-1.5,"z":0}}',
    );
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        // Same value, keys in another order: same text.
        const reordered = JSON.parse(JSON.stringify(value, (_k, v: unknown) => v));
        expect(canonicalJson(reordered)).toBe(text);
      }),
    );
  });
  it('refuses what is not JSON', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow();
    expect(() => canonicalJson({ f: () => 1 })).toThrow();
  });
});

describe('AAD, kid and fingerprint', () => {
  it('writes the AAD as a JSON array of the header', () => {
    expect(
      recordAadText({
        id: '0192f1a6-7a3b-7c00-8000-000000000001',
        rev: 2,
        kind: 'screening',
        schemaVersion: 1,
        deleted: false,
      }),
    ).toBe(
      '["jejaring/sealed-record/v1","0192f1a6-7a3b-7c00-8000-000000000001",2,"screening",1,false]',
    );
  });
  it('derives kid from the first 16 digest bytes and a 4×5-digit fingerprint', () => {
    const digest = new Uint8Array(createHash('sha256').update('spki').digest());
    const kid = kidFromSpkiDigest(digest);
    expect(kid).toMatch(KID_PATTERN);
    expect(fromBase64Url(kid)).toEqual(digest.subarray(0, 16));
    const fingerprint = fingerprintFromSpkiDigest(digest);
    expect(fingerprint).toMatch(FINGERPRINT_PATTERN);
    const first = Number(
      BigInt(`0x${Buffer.from(digest.subarray(0, 5)).toString('hex')}`) % 100000n,
    );
    expect(fingerprint.slice(0, 5)).toBe(String(first).padStart(5, '0'));
    expect(fingerprintFromSpkiDigest(new Uint8Array(32))).toBe('00000 00000 00000 00000');
  });
});

const sealed = {
  v: 1,
  recipients: [{ kid: 'A'.repeat(22), enc: 'B'.repeat(87), key: 'C'.repeat(64) }],
  iv: 'D'.repeat(16),
  ct: 'E'.repeat(40),
};

function envelopeOf(kind: string, overrides: Record<string, unknown> = {}) {
  const example = RECORD_KIND_DECLARATIONS[kind as 'screening'].examples[0];
  return {
    id: '0192f1a6-7a3b-7c00-8000-000000000001',
    kind,
    schemaVersion: 1,
    rev: 1,
    createdAt: '2026-11-30T09:15:00+07:00',
    updatedAt: '2026-11-30T09:20:00+07:00',
    deleted: false,
    meta: computeMeta(kind, example),
    sealed,
    ...overrides,
  };
}

describe('validateEnvelopeV2', () => {
  it('accepts the example of every kind with its computed meta', () => {
    for (const kind of Object.keys(RECORD_KIND_DECLARATIONS)) {
      const result = validateEnvelopeV2(envelopeOf(kind));
      expect(result.ok, kind).toBe(true);
    }
  });
  it('refuses a clear payload, a missing seal and a sealed tombstone as invalid', () => {
    for (const bad of [
      envelopeOf('screening', { payload: { subjectInitials: 'R.A.' } }),
      envelopeOf('screening', { sealed: undefined }),
      envelopeOf('screening', { deleted: true }),
    ])
      expect(validateEnvelopeV2(bad)).toMatchObject({ ok: false, code: 'invalid' });
  });
  it('accepts a tombstone with empty meta', () => {
    expect(
      validateEnvelopeV2(envelopeOf('referral', { deleted: true, sealed: undefined, meta: {} })).ok,
    ).toBe(true);
  });
  it('answers unknown_kind and invalid_meta', () => {
    expect(validateEnvelopeV2(envelopeOf('screening', { kind: 'diary' }))).toMatchObject({
      ok: false,
      code: 'unknown_kind',
    });
    const meta = { ...computeMeta('screening', {}), name: 'Siti' };
    expect(validateEnvelopeV2(envelopeOf('screening', { meta }))).toMatchObject({
      ok: false,
      code: 'invalid_meta',
    });
  });
  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(typeof validateEnvelopeV2(value).ok).toBe('boolean');
      }),
    );
    fc.assert(
      fc.property(
        fc.record(
          { meta: fc.anything(), sealed: fc.anything(), rev: fc.anything() },
          {
            requiredKeys: [],
          },
        ),
        (overrides) => {
          expect(typeof validateEnvelopeV2(envelopeOf('migrant', overrides)).ok).toBe('boolean');
        },
      ),
    );
  });
  it('the envelope schema itself is strict', () => {
    expect(envelopeV2Schema.safeParse({ ...envelopeOf('screening'), extra: 1 }).success).toBe(
      false,
    );
  });
});

describe('public JWK and feed items', () => {
  it('refuses a private key member', () => {
    const jwk = { kty: 'EC', crv: 'P-256', x: 'x'.repeat(43), y: 'y'.repeat(43) };
    expect(publicJwkSchema.safeParse(jwk).success).toBe(true);
    expect(publicJwkSchema.safeParse({ ...jwk, d: 'd'.repeat(43) }).success).toBe(false);
  });
  it('parses each item type', () => {
    const at = '2026-12-01T10:00:00.000Z';
    for (const item of [
      { seq: 1, type: 'keys', keys: [] },
      {
        seq: 2,
        type: 'review',
        recordId: envelopeOf('screening').id,
        rev: 1,
        state: 'received',
        at,
      },
      { seq: 3, type: 'directory', at, contacts: [] },
      { seq: 4, type: 'notice', id: envelopeOf('screening').id, at, text: 'Rapat Senin' },
    ])
      expect(feedItemSchema.safeParse(item).success, item.type).toBe(true);
    expect(feedItemSchema.safeParse({ seq: 5, type: 'review', state: 'lost' }).success).toBe(false);
  });
});
