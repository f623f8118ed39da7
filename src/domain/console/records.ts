// Records as the coordinator's browser receives them (sealed: it opens them with the district
// key), the review answers, and the screening's trafficking-status decision.
import { z } from 'zod';
import { publicJwkSchema, REVIEW_STATES, sealedSchema, type Sealed } from '../contract/schemas';
import { REFERRAL_TARGETS } from '../reference';

export const RECORDS_LIMIT_MAX = 1000;
export const RECORDS_LIMIT_DEFAULT = 500;

export const recordsQuerySchema = z.object({
  since: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(RECORDS_LIMIT_MAX).default(RECORDS_LIMIT_DEFAULT),
});

/** Trafficking status of a screening after a decision (IOM HTCDS: possible / actual / not a victim). */
export const TRAFFICKING_STATUSES = ['possible', 'actual', 'not_victim'] as const;
export type TraffickingStatus = (typeof TRAFFICKING_STATUSES)[number];

/** Which body decided: a code from the referral targets' list (never a person). */
export const DECISION_BODIES = REFERRAL_TARGETS;

/** Kept in clear: non-identifying codes only. */
export const decisionSchema = z
  .object({ status: z.enum(TRAFFICKING_STATUSES), decidedBy: z.enum(DECISION_BODIES) })
  .strict();
export type Decision = z.infer<typeof decisionSchema>;

/** One current revision of a record: clear meta for triage plus the sealed payload. */
export const sealedRecordRowSchema = z.object({
  id: z.string(),
  rev: z.number().int(),
  kind: z.string(),
  schemaVersion: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  receivedAt: z.string(),
  deleted: z.boolean(),
  meta: z.record(z.string(), z.unknown()),
  /** Null for a tombstone. */
  sealed: sealedSchema.nullable(),
  deviceId: z.string(),
  /** The phone's label as enrolled (e.g. "HP posyandu Melati"). */
  deviceLabel: z.string(),
  reviewState: z.enum(REVIEW_STATES).optional(),
  reviewedAt: z.string().optional(),
  /** The latest decision on a screening, if any. */
  decision: decisionSchema.optional(),
  /** The phone's device public key (v2 enrollment): a review note is sealed to it. */
  devicePublicKey: publicJwkSchema.optional(),
});
export type SealedRecordRow = z.infer<typeof sealedRecordRowSchema>;

export const recordsPageSchema = z.object({
  items: z.array(sealedRecordRowSchema),
  /** Pass as `since` to get what arrived after this page. */
  cursor: z.string(),
  more: z.boolean(),
});
export type RecordsPage = z.infer<typeof recordsPageSchema>;

/** Every revision of one record (GET /records/:id/revisions), oldest first. */
export const revisionSchema = sealedRecordRowSchema.omit({
  deviceLabel: true,
  reviewState: true,
  reviewedAt: true,
  decision: true,
  devicePublicKey: true,
});
export const revisionsSchema = z.object({ items: z.array(revisionSchema) });

export const openAuditSchema = z.object({ rev: z.number().int().min(1) }).strict();

/**
 * POST /records/:id/review. A note is sealed in the browser (feed `review` note layout) with
 * `at` in its additional data, so `at` is required with a note and must be close to the
 * server's clock (±1 hour); without a note the server stamps the time.
 */
export const reviewRequestSchema = z
  .object({
    rev: z.number().int().min(1),
    state: z.enum(REVIEW_STATES),
    at: z.iso.datetime({ offset: true }).optional(),
    note: sealedSchema.optional(),
    decision: decisionSchema.optional(),
  })
  .strict()
  .refine((r) => r.note === undefined || r.at !== undefined, {
    message: 'a sealed note needs the `at` it was sealed with',
    path: ['at'],
  });
export type ReviewRequest = z.infer<typeof reviewRequestSchema>;

/** One answer, as stored (append-only; GET /records/:id/reviews lists them in order). */
export const consoleReviewSchema = z.object({
  seq: z.number().int(),
  recordId: z.string(),
  rev: z.number().int(),
  state: z.enum(REVIEW_STATES),
  at: z.string(),
  note: sealedSchema.optional(),
  decision: decisionSchema.optional(),
  accountId: z.string(),
  accountName: z.string(),
});
export type ConsoleReview = z.infer<typeof consoleReviewSchema> & { note?: Sealed };
export const reviewsSchema = z.object({ items: z.array(consoleReviewSchema) });

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export const exportAuditSchema = z
  .object({
    kind: z.string().regex(/^[a-z_]{1,40}$/),
    count: z.number().int().min(0).max(10_000_000),
    format: z.enum(EXPORT_FORMATS),
  })
  .strict();
