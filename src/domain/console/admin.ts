// District key, devices, enrollment codes, directory, notices and the audit log as the console
// and the server exchange them.
import { z } from 'zod';
import { localContactSchema } from '../contacts';
import { DIRECTORY_MAX, NOTICE_MAX, publicJwkSchema } from '../contract/schemas';

/** Size bound of one wrapped private key (JSON) the browser stores. */
export const WRAPPED_MAX_CHARS = 16_384;

/**
 * A private district key wrapped by the browser with a holder's passphrase (KDF parameters, salt,
 * iv, ciphertext). Opaque to the server, which never sees a private key.
 */
export const wrappedKeySchema = z
  .record(z.string(), z.unknown())
  .refine((value) => JSON.stringify(value).length <= WRAPPED_MAX_CHARS, 'wrapped key too large')
  .refine((value) => Object.keys(value).length > 0, 'wrapped key is empty');

export const districtKeyInfoSchema = z.object({
  kid: z.string(),
  publicKey: publicJwkSchema,
  fingerprint: z.string(),
  createdAt: z.string(),
  retiredAt: z.string().optional(),
});
export const keyHolderSchema = z.object({
  accountId: z.string(),
  displayName: z.string(),
  kid: z.string(),
  createdAt: z.string(),
});
export const districtKeyStateSchema = z.object({
  keys: z.array(districtKeyInfoSchema),
  holders: z.array(keyHolderSchema),
});
export type DistrictKeyState = z.infer<typeof districtKeyStateSchema>;
export const wrappedListSchema = z.array(z.object({ kid: z.string(), wrapped: wrappedKeySchema }));

export const registerKeySchema = z
  .object({ publicKey: publicJwkSchema, wrapped: wrappedKeySchema })
  .strict();
export const addHolderSchema = z
  .object({ accountId: z.string().min(1).max(64), wrapped: wrappedKeySchema })
  .strict();

export const deviceRowSchema = z.object({
  id: z.string(),
  label: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string().nullable(),
  revokedAt: z.string().optional(),
  /** Current records the device owns. */
  records: z.number().int(),
});
export type DeviceRow = z.infer<typeof deviceRowSchema>;
export const devicesSchema = z.array(deviceRowSchema);
export const moveRecordsSchema = z.object({ toDeviceId: z.string().min(1).max(64) }).strict();

export const ENROLL_USES_MAX = 500;
export const ENROLL_TTL_HOURS_MAX = 24 * 30;
export const enrollmentCodeRequestSchema = z
  .object({
    uses: z.number().int().min(1).max(ENROLL_USES_MAX),
    ttlHours: z.number().int().min(1).max(ENROLL_TTL_HOURS_MAX),
  })
  .strict();
/** A new code: shown once (the server keeps only its keyed hash). */
export const enrollmentCodeCreatedSchema = z.object({
  code: z.string(),
  expiresAt: z.string(),
  uses: z.number().int(),
  enrollUrl: z.string(),
});
/** Codes as listed (without the code itself). */
export const enrollmentCodeRowSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  usesLeft: z.number().int(),
  expired: z.boolean(),
});
export const enrollmentCodesSchema = z.array(enrollmentCodeRowSchema);

export const directoryPutSchema = z
  .object({ contacts: z.array(localContactSchema).max(DIRECTORY_MAX) })
  .strict();
export const directorySchema = z.object({
  contacts: z.array(localContactSchema),
  at: z.string().optional(),
});
export const noticeRequestSchema = z
  .object({ text: z.string().trim().min(1).max(NOTICE_MAX) })
  .strict();

/** What the audit log records (never content). */
export const AUDIT_ACTIONS = [
  'sign_in',
  'sign_in_failed',
  'sign_in_refused',
  'sign_out',
  'sign_out_everywhere',
  'password_set',
  'password_changed',
  'passkey_added',
  'account_created',
  'account_changed',
  'setup_link_issued',
  'records_fetched',
  'revisions_fetched',
  'record_opened',
  'reviews_fetched',
  'review_added',
  'export',
  'district_key_registered',
  'district_key_retired',
  'key_holder_added',
  'device_revoked',
  'records_moved',
  'enrollment_code_created',
  'directory_published',
  'notice_sent',
  'audit_downloaded',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const auditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  target: z.string().optional(),
  detail: z.string().optional(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const AUDIT_LIMIT_MAX = 1000;
export const auditQuerySchema = z.object({
  actor: z.string().max(64).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  /** Entries before this seq (paging backwards, newest first). */
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(AUDIT_LIMIT_MAX).default(200),
});
export const auditPageSchema = z.object({ items: z.array(auditEntrySchema), more: z.boolean() });
export const auditVerifySchema = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  /** First seq whose hash or link does not match. */
  brokenAt: z.number().int().optional(),
});
