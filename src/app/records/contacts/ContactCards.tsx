// Contact cards with tap-to-call (tel:) and tap-to-WhatsApp (wa.me) links. They are plain links:
// the phone's dialer and WhatsApp open them without the app needing a signal.
import type { ComponentChildren } from 'preact';
import {
  telLink,
  whatsAppLink,
  type LocalContact,
  type NationalContact,
} from '../../../domain/contacts';
import { useT } from '../../i18n';

function CallLinks({
  phones,
  whatsapp,
}: {
  phones: readonly { number: string; note?: string }[];
  whatsapp?: string;
}) {
  const t = useT();
  return (
    <div class="contact-actions">
      {phones.map((phone) => (
        <a key={phone.number} class="button button-primary" href={telLink(phone.number)}>
          {t('forms:contacts.call', { number: phone.number })}
          {phone.note ? ` (${phone.note})` : ''}
        </a>
      ))}
      {whatsapp ? (
        <a class="button" href={whatsAppLink(whatsapp)} target="_blank" rel="noopener noreferrer">
          {t('forms:contacts.whatsApp', { number: whatsapp })}
        </a>
      ) : null}
    </div>
  );
}

export function NationalContactCard({ contact }: { contact: NationalContact }) {
  const t = useT();
  return (
    <article class="card" aria-labelledby={`contact-${contact.id}`}>
      <h3 id={`contact-${contact.id}`} class="card-title">
        {t(`records:${contact.nameKey}`)}
      </h3>
      <p class="card-text">{t(`records:${contact.descriptionKey}`)}</p>
      <CallLinks
        phones={contact.phones.map((phone) => ({
          number: phone.number,
          note: phone.noteKey ? t(`records:${phone.noteKey}`) : undefined,
        }))}
        whatsapp={contact.whatsapp}
      />
      <small class="contact-source">{t('forms:contacts.source', { source: contact.source })}</small>
    </article>
  );
}

export function LocalContactCard({
  contact,
  children,
}: {
  contact: LocalContact;
  children?: ComponentChildren;
}) {
  const t = useT();
  return (
    <article class="card" aria-labelledby={`contact-${contact.id}`}>
      <p class="card-text">{t(`records:contacts.categories.${contact.category}`)}</p>
      <h3 id={`contact-${contact.id}`} class="card-title">
        {contact.name}
      </h3>
      {contact.notes ? <p class="card-text pre-line">{contact.notes}</p> : null}
      <CallLinks phones={[{ number: contact.phone }]} whatsapp={contact.whatsapp} />
      {children}
    </article>
  );
}
