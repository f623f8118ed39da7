// The district's directory of local services, as the coordinator publishes it through the feed
// (public contacts, kept on the phone so they work without signal). Shown in "Kontak layanan"
// before the national numbers.
import type { ComponentChildren } from 'preact';
import type { LocalContact } from '../../domain/contacts';
import { useT } from '../i18n';
import { useDirectory } from './hooks';

export function DirectorySection({
  renderContact,
}: {
  renderContact: (contact: LocalContact) => ComponentChildren;
}) {
  const t = useT();
  const contacts = useDirectory();
  if (contacts.length === 0) return null;
  return (
    <section aria-labelledby="contacts-district">
      <h2 id="contacts-district">{t('app:directory.title')}</h2>
      <p class="field-help">{t('app:directory.help')}</p>
      <ul class="list contact-list">
        {contacts.map((contact) => (
          <li key={`district-${contact.id}`}>{renderContact(contact)}</li>
        ))}
      </ul>
    </section>
  );
}
