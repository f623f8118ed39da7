// Whom to call first when a person is in danger (issue 8 item 3; Lampiran BAB II C mechanism 1:
// medium and high risk are reported at once). Local contacts known to the phone come first — a
// Bhabinkamtibmas or Polsek that can be there in minutes — then the national numbers: police 110,
// then SAPA 129. For a child the lead is the service unit for women and children: local UPTD PPA
// (and Dinas PPPA), then SAPA 129, then the police. Pure: the app supplies the contacts.
import {
  NATIONAL_CONTACTS,
  type LocalContact,
  type LocalContactCategory,
  type NationalContact,
} from './contacts';

export type EmergencyCall =
  { source: 'local'; contact: LocalContact } | { source: 'national'; contact: NationalContact };

const ADULT_LOCAL: readonly LocalContactCategory[] = [
  'bhabinkamtibmas',
  'polsek',
  'polres',
  'gugus_tugas',
  'uptd_ppa',
  'dinas_pppa',
  'bp3mi',
  'lainnya',
];
const CHILD_LOCAL_FIRST: readonly LocalContactCategory[] = ['uptd_ppa', 'dinas_pppa'];

function national(id: string): EmergencyCall[] {
  const contact = NATIONAL_CONTACTS.find((entry) => entry.id === id);
  return contact ? [{ source: 'national', contact }] : [];
}

function byCategory(
  contacts: readonly LocalContact[],
  categories: readonly LocalContactCategory[],
) {
  return categories.flatMap((category) =>
    contacts
      .filter((contact) => contact.category === category)
      .map((contact): EmergencyCall => ({ source: 'local', contact })),
  );
}

/**
 * Every contact in the order to try them. Invariant: each local contact and each national
 * contact appears exactly once; for an adult every local contact comes before 110 and 110
 * before 129; for a child UPTD PPA / Dinas PPPA and then SAPA 129 come before any police number.
 */
export function emergencyCalls(
  localContacts: readonly LocalContact[],
  options: { child: boolean },
): EmergencyCall[] {
  const seen = new Set<string>();
  const unique = localContacts.filter((contact) => !seen.has(contact.id) && seen.add(contact.id));
  if (options.child) {
    const rest = ADULT_LOCAL.filter((category) => !CHILD_LOCAL_FIRST.includes(category));
    return [
      ...byCategory(unique, CHILD_LOCAL_FIRST),
      ...national('sapa_129'),
      ...byCategory(unique, rest),
      ...national('police_110'),
      ...national('kp2mi_crisis_centre'),
    ];
  }
  return [
    ...byCategory(unique, ADULT_LOCAL),
    ...national('police_110'),
    ...national('sapa_129'),
    ...national('kp2mi_crisis_centre'),
  ];
}
