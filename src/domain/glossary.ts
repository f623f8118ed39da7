// The one glossary of the app (issue 8 item 11): short, plain explanations of the official terms a
// cadre meets in the forms (job order, SISKOP2MI, LTSA, OPP, P3MI, G to G, nonprosedural…).
// The forms open an entry from the term itself ("Apa artinya?"); the glossary screen lists them
// all. Texts are i18n keys in the `records` namespace: `glossary.<id>.term` (the word as people
// see it) and `glossary.<id>.meaning` (one or two plain sentences).

export const GLOSSARY_TERMS = [
  'job_order',
  'siskop2mi',
  'ltsa',
  'g_to_g',
  'opp',
  'p3mi',
  'nonprosedural',
  'bp3mi',
  'id_pmi',
  'psychosocial_support',
  'urgency_levels',
  'tppo',
  'uptd_ppa',
  'sapa_129',
  'bhabinkamtibmas',
] as const;

export type GlossaryTerm = (typeof GLOSSARY_TERMS)[number];

/** i18n keys (records namespace) of one glossary entry. */
export function glossaryKeys(term: GlossaryTerm): { term: string; meaning: string } {
  return { term: `glossary.${term}.term`, meaning: `glossary.${term}.meaning` };
}

/**
 * Which glossary entries explain a form field, keyed `<kind>.<field name>` (group items:
 * `<kind>.<group>.<name>`). A field listed here gets an "Apa artinya?" toggle next to its label.
 */
export const FIELD_GLOSSARY: Readonly<Record<string, readonly GlossaryTerm[]>> = {
  'migrant.jobOrderSeen': ['job_order'],
  'migrant.registeredSiskop2mi': ['siskop2mi', 'ltsa'],
  'migrant.procedure': ['nonprosedural', 'ltsa', 'bp3mi', 'opp'],
  'migrant.recruiterType': ['p3mi', 'g_to_g'],
  'migrant.documents': ['opp', 'id_pmi'],
  'household_visit.followUpActions': ['ltsa', 'bp3mi'],
  'household_visit.contactsExplained': ['bp3mi', 'uptd_ppa', 'sapa_129'],
  'psychosocial_support.responses': ['psychosocial_support'],
  'psychosocial_support.needs': ['urgency_levels'],
  'referral.urgency': ['urgency_levels'],
  'referral.targets': ['bhabinkamtibmas', 'uptd_ppa', 'bp3mi'],
  'screening.reportedTo': ['bhabinkamtibmas', 'uptd_ppa'],
};

/** Glossary entries for a field of a kind (none: an empty list). */
export function glossaryFor(kind: string, fieldPath: string): readonly GlossaryTerm[] {
  // Group items are declared once per group: `statusUpdates.0.status` → `statusUpdates.status`.
  const generic = fieldPath.replace(/\.\d+\./g, '.');
  return FIELD_GLOSSARY[`${kind}.${generic}`] ?? [];
}
