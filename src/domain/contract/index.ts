// Sync contract v2: sealed envelopes, push results, the feed back to phones and v2 enrollment.
// Shapes in ./schemas, the byte-level agreements (suite, canonical JSON, AAD, kid, fingerprint)
// in ./sealing, and validateEnvelopeV2 — what the server checks of one pushed record.
import { validateMeta } from '../kinds/meta';
import { isRecordKindName } from '../kinds/meta/kindName';
import type { RejectionCodeV2 } from './schemas';
import { envelopeV2Schema, type EnvelopeV2 } from './schemas';

export * from './schemas';
export * from './sealing';
export * from './bytes';
export { computeMeta, validateMeta, META_DECLARATIONS, isoWeekOf, monthOf } from '../kinds/meta';

export type EnvelopeV2Validation =
  | { ok: true; envelope: EnvelopeV2 }
  | {
      ok: false;
      code: Extract<RejectionCodeV2, 'invalid' | 'unknown_kind' | 'invalid_meta'>;
      issues: { path: string; message: string }[];
    };

/**
 * One pushed record as the server sees it: the envelope's shape, a known kind, and meta valid for
 * that kind (strict). The sealed payload itself cannot be checked without a district key. Pure;
 * never throws.
 */
export function validateEnvelopeV2(value: unknown): EnvelopeV2Validation {
  const shape = envelopeV2Schema.safeParse(value);
  if (!shape.success)
    return {
      ok: false,
      code: 'invalid',
      issues: shape.error.issues.slice(0, 20).map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: issue.message,
      })),
    };
  const envelope = shape.data;
  if (!isRecordKindName(envelope.kind))
    return { ok: false, code: 'unknown_kind', issues: [{ path: 'kind', message: 'unknown kind' }] };
  const meta = validateMeta(envelope.kind, envelope.meta, envelope.deleted);
  if (!meta.ok)
    return {
      ok: false,
      code: 'invalid_meta',
      issues: meta.issues.map((issue) => ({
        ...issue,
        path: issue.path === '' ? 'meta' : `meta.${issue.path}`,
      })),
    };
  return { ok: true, envelope: { ...envelope, meta: meta.meta } };
}
