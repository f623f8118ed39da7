// The local contacts the phone knows: the ones the volunteer typed and the district's directory
// (sent by the coordinator), well-formed ones only, the volunteer's own first. Read from the
// phone, so "whom to call" works offline.
import { localContactSchema, type LocalContact } from '../../../domain/contacts';
import { getDirectory, listLocalContacts } from '../../../data/index';

function wellFormed(entries: readonly unknown[]): LocalContact[] {
  return entries.flatMap((entry) => {
    const parsed = localContactSchema.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
}

/** The volunteer's local contacts (a damaged entry is skipped, not shown half). */
export async function loadLocalContacts(): Promise<LocalContact[]> {
  return wellFormed(await listLocalContacts());
}

/** The volunteer's local contacts, then the district directory's (same id counted once). */
export async function loadPhoneDirectory(): Promise<LocalContact[]> {
  const [own, directory] = await Promise.all([loadLocalContacts(), getDirectory().catch(() => [])]);
  const ids = new Set(own.map((contact) => contact.id));
  return [...own, ...wellFormed(directory).filter((contact) => !ids.has(contact.id))];
}
