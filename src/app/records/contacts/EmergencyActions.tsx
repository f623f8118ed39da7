// "In danger now": what to do and whom to call, shown the moment the danger question is answered
// yes (issue 8 item 3) and at the top of a saved screening that must be reported. One big tap-to-
// call link per contact (≥ 48 px), in the order of src/domain/emergency.ts: the phone's local
// contacts (the volunteer's own and the district directory) first, then 110 and 129; for a child
// UPTD PPA and SAPA 129 first. Everything is on the phone: it works without signal.
import { useEffect, useState } from 'preact/hooks';
import { telLink, whatsAppLink } from '../../../domain/contacts';
import { emergencyCalls, type EmergencyCall } from '../../../domain/emergency';
import { useT } from '../../i18n';
import { loadPhoneDirectory } from './ReportContacts';
import type { LocalContact } from '../../../domain/contacts';

function callLabel(
  call: EmergencyCall,
  t: ReturnType<typeof useT>,
): { name: string; number: string } {
  if (call.source === 'local')
    return {
      name: `${t(`records:contacts.categories.${call.contact.category}`)}: ${call.contact.name}`,
      number: call.contact.phone,
    };
  return {
    name: t(`records:${call.contact.nameKey}`),
    number: call.contact.phones[0]?.number ?? '',
  };
}

export function useLocalContacts(): LocalContact[] {
  const [local, setLocal] = useState<LocalContact[]>([]);
  useEffect(() => {
    let live = true;
    loadPhoneDirectory().then(
      (contacts) => live && setLocal(contacts),
      () => undefined, // Storage closed (locked): the national numbers are still shown.
    );
    return () => {
      live = false;
    };
  }, []);
  return local;
}

/** The ordered call links (no heading): used by the form's danger step and the detail page. */
export function EmergencyCallList({ child }: { child: boolean }) {
  const t = useT();
  const calls = emergencyCalls(useLocalContacts(), { child });
  return (
    <ul class="emergency-calls plain-list">
      {calls.map((call, index) => {
        const { name, number } = callLabel(call, t);
        return (
          <li key={`${call.source}:${call.contact.id}`}>
            <a
              class={`button button-block ${index === 0 ? 'button-danger' : 'button-primary'}`}
              href={telLink(number)}
            >
              {name.includes(number)
                ? t('forms:emergency.callNamed', { name })
                : t('forms:emergency.call', { name, number })}
            </a>
            {call.contact.whatsapp ? (
              <a
                class="button button-block"
                href={whatsAppLink(call.contact.whatsapp)}
                target="_blank"
                rel="noopener noreferrer"
              >
                {t('forms:contacts.whatsApp', { number: call.contact.whatsapp })}
              </a>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * The full emergency panel. `child` undefined means the age is not known yet (danger is the first
 * question): then the child's contacts are named in a line of their own.
 */
export function EmergencyActions({ child }: { child: boolean | undefined }) {
  const t = useT();
  return (
    <section
      class="notice notice-error emergency stack"
      aria-labelledby="emergency-title"
      role="region"
    >
      <h2 id="emergency-title">{t('forms:emergency.title')}</h2>
      <ol class="emergency-steps">
        <li>{t('forms:emergency.stepSafe')}</li>
        <li>{t('forms:emergency.stepCall')}</li>
        <li>{t('forms:emergency.stepLater')}</li>
      </ol>
      {child === undefined ? <p>{t('forms:emergency.ifChild')}</p> : null}
      <EmergencyCallList child={child === true} />
    </section>
  );
}
