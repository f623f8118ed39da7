// The record kinds of the sync contract, without zod: code on the app's first load (src/data)
// takes them from here so the zod schemas of envelope.ts stay out of the first-load bundle.
// envelope.ts re-exports both names; the contract is unchanged.

export const RECORD_KINDS = [
  'migrant',
  'household_visit',
  'screening',
  'psychosocial_support',
  'referral',
  'awareness_session',
] as const;

export type RecordKind = (typeof RECORD_KINDS)[number];
