// "Report now": every contact to call at once, national first (police 110 on top), then the
// volunteer's local ones (Bhabinkamtibmas, UPTD PPA…). Read from the phone: works offline.
import { useEffect, useState } from 'preact/hooks';
import { localContactSchema, NATIONAL_CONTACTS, type LocalContact } from '../../../domain/contacts';
import { listLocalContacts } from '../../../data/index';
import { useT } from '../../i18n';
import { LocalContactCard, NationalContactCard } from './ContactCards';

/** Police first: immediate danger is a police matter (110). */
const REPORT_ORDER = ['police_110', 'sapa_129', 'kp2mi_crisis_centre'];

/** The stored local contacts that are well-formed (a damaged entry is skipped, not shown half). */
export async function loadLocalContacts(): Promise<LocalContact[]> {
  const stored = await listLocalContacts();
  return stored.flatMap((entry) => {
    const parsed = localContactSchema.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
}

export function ReportContacts() {
  const t = useT();
  const [local, setLocal] = useState<LocalContact[]>([]);
  useEffect(() => {
    void loadLocalContacts().then(setLocal);
  }, []);
  const national = [...NATIONAL_CONTACTS].sort(
    (a, b) => REPORT_ORDER.indexOf(a.id) - REPORT_ORDER.indexOf(b.id),
  );
  return (
    <section class="stack" aria-labelledby="report-contacts-title">
      <h4 id="report-contacts-title">{t('forms:contacts.reportTitle')}</h4>
      {national.map((contact) => (
        <NationalContactCard key={contact.id} contact={contact} />
      ))}
      {local.map((contact) => (
        <LocalContactCard key={contact.id} contact={contact} />
      ))}
    </section>
  );
}
