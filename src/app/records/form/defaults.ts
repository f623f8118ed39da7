// What a new record starts with, so a cadre types less (issue 8 items 5 and 10): the date of
// the event is today, the place is the cadre's own village (from the profile), the facilitator
// role is the cadre's role, a report keeps the reporter's identity confidential (as its help text
// promises), and a referral made from a screening starts with its urgency and whom it was
// already reported to. Consent and free-text notes of a source record are never copied on
// their own: the form offers them and copies only what the person chooses.
import type { RecordKind } from '../../../domain/envelope';
import type { FieldMeta, RecordKindDeclaration } from '../../../domain/recordKind';
import type { VolunteerProfile } from '../../../domain/profile';
import { assessRisk, type TriageInput } from '../../../domain/triage';
import { getPath, setPath, type Payload } from './model';

/** Fields a person must choose to copy from the source record (never copied silently). */
export function isCopiedOnlyOnRequest(field: Pick<FieldMeta, 'name' | 'input'>): boolean {
  return field.name === 'consent' || field.input === 'textarea';
}

/** Region fields that hold "where": they start as the cadre's village. */
const PROFILE_PLACE_FIELDS = new Set(['address', 'place', 'observedPlace']);

/** Defaults of a new record of `declaration` for this volunteer on `today`. */
export function newRecordDefaults(
  declaration: Pick<RecordKindDeclaration, 'kind' | 'fields'>,
  profile: VolunteerProfile | undefined,
  today: string,
): Payload {
  let payload: Payload = {};
  for (const field of declaration.fields) {
    // The event's own date (required, in the past): most records are made the day it happened.
    if (field.input === 'date' && field.dateRange === 'past' && field.required)
      payload = setPath(payload, field.name, today);
    if (field.input === 'region' && PROFILE_PLACE_FIELDS.has(field.name) && profile) {
      payload = setPath(payload, field.name, {
        provinceCode: profile.provinceCode,
        ...(profile.villageCode ? { villageCode: profile.villageCode } : {}),
        villageName: profile.villageName,
      });
    }
    if (field.name === 'facilitatorRole' && profile?.role && field.options?.includes(profile.role))
      payload = setPath(payload, field.name, profile.role);
  }
  // Lampiran BAB V: the reporter's identity is confidential unless they choose to be named.
  if (declaration.kind === 'referral')
    payload = setPath(payload, 'reporterIdentityConfidential', true);
  return payload;
}

/** Urgency of a referral from a screening's triage: danger now is an emergency. */
export function urgencyFromScreening(screening: Payload): 'emergency' | 'urgent' | 'normal' {
  if (screening.immediateDanger === true) return 'emergency';
  return assessRisk(screening as TriageInput).mustReport ? 'urgent' : 'normal';
}

/** What a referral takes from the screening it is made from, beyond same-named fields. */
export function referralFromScreening(screening: Payload): Payload {
  let payload: Payload = { urgency: urgencyFromScreening(screening) };
  const reported = getPath(screening, 'reportedTo');
  if (Array.isArray(reported) && reported.length > 0)
    payload = setPath(payload, 'targets', [...reported]);
  return payload;
}

/** Kind-specific prefill from a source record (applied under the generic carry-over). */
export function derivedFromSource(
  targetKind: RecordKind,
  sourceKind: RecordKind,
  source: Payload,
): Payload {
  if (targetKind === 'referral' && sourceKind === 'screening') return referralFromScreening(source);
  return {};
}

/** A value the form offers to copy from the source record, with the source field's label. */
export interface CopyOffer {
  path: string;
  value: unknown;
  labelKey: string;
}

/** Consent and notes of the source that the target also has, offered, never applied. */
export function copyOffers(
  target: Pick<RecordKindDeclaration, 'fields'>,
  sourceFields: readonly FieldMeta[],
  source: Payload,
): CopyOffer[] {
  const offers: CopyOffer[] = [];
  for (const field of target.fields) {
    if (!isCopiedOnlyOnRequest(field)) continue;
    const from = sourceFields.find(
      (candidate) => candidate.name === field.name && candidate.input === field.input,
    );
    const value = from ? getPath(source, field.name) : undefined;
    if (value === undefined || value === '' || !from) continue;
    if (field.input === 'select' && !(field.options ?? []).includes(String(value))) continue;
    if (offers.some((offer) => offer.path === field.name)) continue;
    offers.push({ path: field.name, value, labelKey: from.labelKey });
  }
  return offers;
}
