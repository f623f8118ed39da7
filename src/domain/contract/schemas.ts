// Sync contract v2 (docs/sync-protocol-v2.md) as zod schemas, shared by the phone's sync engine,
// the server and the console, and the source of docs/openapi.json. Changing a shape here is a
// contract change: it needs a new version, never a silent edit.
import { z } from 'zod';
import { localContactSchema } from '../contacts';
import { isoTimestampSchema } from '../envelope';
import { FINGERPRINT_PATTERN, KID_PATTERN, SEALED_VERSION } from './sealing';

/** Unpadded base64url of exactly `bytes` bytes. */
function base64UrlOf(bytes: number) {
  const length = Math.ceil((bytes * 4) / 3);
  return z
    .string()
    .length(length)
    .regex(/^[A-Za-z0-9_-]+$/);
}

export const MAX_PUSH_RECORDS_V2 = 200;
export const MAX_PUSH_BYTES_V2 = 1024 * 1024;
/** District keys a record is sealed to at once (rotation keeps old and new active for a while). */
export const MAX_RECIPIENTS = 8;
/** Base64url characters of a sealed payload's ciphertext: far above any record (~2–20 KB). */
export const MAX_CIPHERTEXT_CHARS = 512 * 1024;

export const kidSchema = z
  .string()
  .regex(KID_PATTERN)
  .describe('base64url of the first 16 bytes of SHA-256 over the SPKI');
export const fingerprintSchema = z.string().regex(FINGERPRINT_PATTERN);

/**
 * A P-256 public key as WebCrypto exports it (JWK). Strict: a private key (`d`) or any other
 * member is refused, so a private half can never be sent by mistake.
 */
export const publicJwkSchema = z
  .object({
    kty: z.literal('EC'),
    crv: z.literal('P-256'),
    x: base64UrlOf(32),
    y: base64UrlOf(32),
    ext: z.boolean().optional(),
    key_ops: z.array(z.string().max(16)).max(8).optional(),
  })
  .strict();
export type PublicJwk = z.infer<typeof publicJwkSchema>;

/** One recipient of a sealed payload: the content key wrapped with HPKE to one district key. */
export const sealedRecipientSchema = z
  .object({
    kid: kidSchema,
    /** HPKE encapsulated key (65-byte uncompressed P-256 point). */
    enc: base64UrlOf(65),
    /** The 32-byte content key sealed with HPKE (plus its 16-byte tag). */
    key: base64UrlOf(48),
  })
  .strict();

/** `ct` = AES-256-GCM(content key, iv, canonical JSON of the payload, AAD of the record). */
export const sealedSchema = z
  .object({
    v: z.literal(SEALED_VERSION),
    recipients: z.array(sealedRecipientSchema).min(1).max(MAX_RECIPIENTS),
    iv: base64UrlOf(12),
    ct: z
      .string()
      .min(24)
      .max(MAX_CIPHERTEXT_CHARS)
      .regex(/^[A-Za-z0-9_-]+$/),
  })
  .strict()
  .refine(
    (sealed) => new Set(sealed.recipients.map((r) => r.kid)).size === sealed.recipients.length,
    {
      message: 'each kid at most once',
      path: ['recipients'],
    },
  );
export type Sealed = z.infer<typeof sealedSchema>;

/**
 * The sealed envelope of contract v2 (shape only: `meta` is checked against the kind's meta
 * schema by validateEnvelopeV2). Strict, so a clear `payload` sent by mistake is refused.
 * A tombstone (`deleted: true`) carries no `sealed`; any other envelope must.
 */
export const envelopeV2Schema = z
  .object({
    id: z.uuid(),
    kind: z.string().min(1).max(64),
    schemaVersion: z.number().int().min(1).max(1000),
    rev: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    createdAt: isoTimestampSchema,
    updatedAt: isoTimestampSchema,
    deleted: z.boolean(),
    meta: z.record(z.string(), z.unknown()),
    sealed: sealedSchema.optional(),
  })
  .strict()
  .superRefine((envelope, ctx) => {
    if (envelope.deleted && envelope.sealed !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['sealed'],
        message: 'a tombstone carries no sealed payload',
      });
    if (!envelope.deleted && envelope.sealed === undefined)
      ctx.addIssue({ code: 'custom', path: ['sealed'], message: 'required unless deleted' });
  });
export type EnvelopeV2 = z.infer<typeof envelopeV2Schema>;

export const pushRequestV2Schema = z.object({
  records: z.array(z.unknown()).min(1).max(MAX_PUSH_RECORDS_V2),
});
export interface PushRequestV2 {
  records: EnvelopeV2[];
}

/** Per-record rejection codes of v2: those of v1 plus unknown_key and invalid_meta. */
export const REJECTION_CODES_V2 = [
  'invalid',
  'unknown_kind',
  'conflict',
  'forbidden',
  'unknown_key',
  'invalid_meta',
] as const;
export type RejectionCodeV2 = (typeof REJECTION_CODES_V2)[number];

export const recordIssueSchema = z.object({ path: z.string(), message: z.string() });

const resultBase = { id: z.string(), rev: z.number().int() };

/**
 * One answer per record, in request order. `stale` and a `conflict` rejection carry the rev the
 * server holds as current, so a phone restored from an older backup can renumber above it.
 */
export const pushResultV2Schema = z.discriminatedUnion('status', [
  z.object({ ...resultBase, status: z.literal('stored') }),
  z.object({ ...resultBase, status: z.literal('duplicate') }),
  z.object({ ...resultBase, status: z.literal('stale'), currentRev: z.number().int().min(1) }),
  z.object({
    ...resultBase,
    status: z.literal('rejected'),
    error: z.object({
      code: z.enum(REJECTION_CODES_V2),
      message: z.string(),
      issues: z.array(recordIssueSchema).optional(),
    }),
    currentRev: z.number().int().min(1).optional(),
  }),
]);
export type PushResultV2 = z.infer<typeof pushResultV2Schema>;

export const pushResponseV2Schema = z.object({
  results: z.array(pushResultV2Schema),
  serverTime: isoTimestampSchema,
});
export type PushResponseV2 = z.infer<typeof pushResponseV2Schema>;

/** Whole-request error body (every 4xx/5xx of the API). */
export const apiErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

/** A district public key as phones receive it. */
export const districtKeySchema = z.object({
  kid: kidSchema,
  publicKey: publicJwkSchema,
  fingerprint: fingerprintSchema,
});
export type DistrictKey = z.infer<typeof districtKeySchema>;

export const ENROLL_CODE_MAX = 64;
export const DEVICE_LABEL_MAX = 100;

export const enrollRequestV2Schema = z
  .object({
    code: z.string().min(1).max(ENROLL_CODE_MAX),
    label: z.string().max(DEVICE_LABEL_MAX),
    devicePublicKey: publicJwkSchema,
  })
  .strict();
export type EnrollRequestV2 = z.infer<typeof enrollRequestV2Schema>;

export const enrollResponseV2Schema = z.object({
  deviceId: z.string(),
  token: z.string(),
  district: z.object({ name: z.string(), keys: z.array(districtKeySchema) }),
});
export type EnrollResponseV2 = z.infer<typeof enrollResponseV2Schema>;

/** Review states a coordinator answers with (Diterima, Ditindaklanjuti, Dirujuk, Selesai, Perlu diperbaiki). */
export const REVIEW_STATES = [
  'received',
  'in_follow_up',
  'referred',
  'closed',
  'needs_correction',
] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

export const NOTICE_MAX = 500;
export const DIRECTORY_MAX = 200;

const itemBase = {
  /** Unique, increasing; the order the phone applies items in. */
  seq: z.number().int().min(1),
};

export const keysItemSchema = z.object({
  ...itemBase,
  type: z.literal('keys'),
  /** Every active district key; seal to all of them (replaces the previous set). */
  keys: z.array(districtKeySchema).max(MAX_RECIPIENTS),
});

/**
 * A coordinator's answer to one revision of a record. `note`, when present, is sealed like a
 * record (same `sealed` layout) to this device's key and the district keys, with the note AAD.
 */
export const reviewItemSchema = z.object({
  ...itemBase,
  type: z.literal('review'),
  recordId: z.uuid(),
  rev: z.number().int().min(1),
  state: z.enum(REVIEW_STATES),
  at: isoTimestampSchema,
  note: sealedSchema.optional(),
});

/** The district's local contacts (public information, in clear), replacing the previous list. */
export const directoryItemSchema = z.object({
  ...itemBase,
  type: z.literal('directory'),
  at: isoTimestampSchema,
  contacts: z.array(localContactSchema).max(DIRECTORY_MAX),
});

/** A short message to every phone of the district (clear; no personal data). */
export const noticeItemSchema = z.object({
  ...itemBase,
  type: z.literal('notice'),
  id: z.uuid(),
  at: isoTimestampSchema,
  text: z.string().min(1).max(NOTICE_MAX),
});

export const feedItemSchema = z.discriminatedUnion('type', [
  keysItemSchema,
  reviewItemSchema,
  directoryItemSchema,
  noticeItemSchema,
]);
export type FeedItem = z.infer<typeof feedItemSchema>;
export type FeedItemType = FeedItem['type'];

export const FEED_LIMIT_MAX = 500;
export const FEED_LIMIT_DEFAULT = 100;
export const FEED_CURSOR_MAX = 128;

/** GET /api/v2/sync/feed query. `after` is a cursor from an earlier page (absent: from the start). */
export const feedQuerySchema = z.object({
  after: z
    .string()
    .max(FEED_CURSOR_MAX)
    .regex(/^[A-Za-z0-9_-]*$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(FEED_LIMIT_MAX).default(FEED_LIMIT_DEFAULT),
});

export const feedPageSchema = z.object({
  items: z.array(feedItemSchema),
  /** Opaque; pass it as `after` next time. Asking again with an older cursor is always safe. */
  cursor: z.string(),
  more: z.boolean(),
});
export type FeedPage = z.infer<typeof feedPageSchema>;
