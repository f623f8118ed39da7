// The record kinds in the order the home screen shows them. Listed here rather than imported from
// src/domain/envelope (which builds zod schemas at load) so zod stays out of the first-load chunk;
// the type check below fails the build if a kind is added to the domain and not here.
import type { RecordKind } from '../domain/envelope';

export const HOME_KINDS = [
  'household_visit',
  'migrant',
  'awareness_session',
  'screening',
  'psychosocial_support',
  'referral',
] as const satisfies readonly RecordKind[];

type MissingKind = Exclude<RecordKind, (typeof HOME_KINDS)[number]>;
// If this line fails to compile, add the missing kind to HOME_KINDS.
export const _allKindsListed: [MissingKind] extends [never] ? true : MissingKind = true;

export function isRecordKind(value: string | undefined): value is RecordKind {
  return (HOME_KINDS as readonly string[]).includes(value ?? '');
}
