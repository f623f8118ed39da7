// The volunteer's own profile, kept on the phone. Its `trainedInVictimHandling` gates the
// screening and psychosocial-support workflows (Pasal 5 ayat 3: only trained community members
// handle victims). Labels: `records:profile.fields.*`, roles: `records:profile.roles.*`.
import { z } from 'zod';
import {
  latestToday,
  optionalText,
  provinceCodeSchema,
  requiredText,
  villageCodeSchema,
} from './common';

/** Community roles of Lampiran BAB II A (individuals, groups, organisations). */
export const VOLUNTEER_ROLES = [
  'relawan',
  'kader_desa',
  'kader_posyandu',
  'pkk',
  'karang_taruna',
  'tokoh_agama',
  'tokoh_adat',
  'tokoh_masyarakat',
  'guru',
  'bidan',
  'pekerja_sosial',
  'rt_rw',
  'perangkat_desa',
  'organisasi_masyarakat',
  'lainnya',
] as const;

export type VolunteerRole = (typeof VOLUNTEER_ROLES)[number];

export const volunteerProfileSchema = z
  .object({
    name: requiredText(),
    role: z.enum(VOLUNTEER_ROLES),
    organisation: optionalText(),
    provinceCode: provinceCodeSchema,
    villageName: requiredText(),
    villageCode: villageCodeSchema.optional(),
    trainedInVictimHandling: z.boolean(),
    /** Date of the victim-handling training; required when trained. */
    trainedOn: z.iso.date().optional(),
  })
  .superRefine((profile, ctx) => {
    if (profile.trainedInVictimHandling && !profile.trainedOn)
      ctx.addIssue({ code: 'custom', path: ['trainedOn'], message: 'errors.trained_on_required' });
    if (profile.trainedOn && profile.trainedOn > latestToday())
      ctx.addIssue({ code: 'custom', path: ['trainedOn'], message: 'errors.date_in_future' });
  });

export type VolunteerProfile = z.infer<typeof volunteerProfileSchema>;

/** Profile fields in form order, for the onboarding/settings screen (labels `profile.fields.<name>`). */
export const PROFILE_FIELDS = [
  'name',
  'role',
  'organisation',
  'provinceCode',
  'villageName',
  'villageCode',
  'trainedInVictimHandling',
  'trainedOn',
] as const;

/** Whether this profile may use a workflow that requires training (Pasal 5 ayat 3). */
export function mayHandleVictims(profile: VolunteerProfile | undefined): boolean {
  return profile?.trainedInVictimHandling === true && typeof profile.trainedOn === 'string';
}
