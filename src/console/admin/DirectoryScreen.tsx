// The district's local contacts (shown on every phone's "Kontak layanan" screen) and short
// notices to every phone; both reach phones through the feed.
import { useEffect, useState } from 'preact/hooks';
import { LOCAL_CONTACT_CATEGORIES, localContactSchema, type LocalContact } from '../../domain';
import { NOTICE_MAX } from '../../domain/contract';
import { api, errorKey } from '../api';
import { formatDate, useT } from '../i18n';

type Draft = Omit<LocalContact, 'whatsapp' | 'notes'> & { whatsapp?: string; notes?: string };

const blank = (): Draft => ({
  id: crypto.randomUUID(),
  category: LOCAL_CONTACT_CATEGORIES[0],
  name: '',
  phone: '',
});

export function DirectoryScreen() {
  const t = useT();
  const [contacts, setContacts] = useState<Draft[] | undefined>();
  const [at, setAt] = useState<string | undefined>();
  const [notice, setNotice] = useState('');
  const [message, setMessage] = useState<{ key: string; error?: boolean } | undefined>();

  useEffect(() => {
    api<{ contacts: LocalContact[]; at?: string }>('GET', '/directory').then(
      (answer) => {
        setContacts(answer.contacts);
        setAt(answer.at);
      },
      (caught) => setMessage({ key: errorKey(caught), error: true }),
    );
  }, []);

  const edit = (index: number, patch: Partial<Draft>) =>
    setContacts((list) => list?.map((c, i) => (i === index ? { ...c, ...patch } : c)));

  const publish = async (event: Event) => {
    event.preventDefault();
    if (!contacts) return;
    const cleaned = contacts.map((c) => ({
      ...c,
      ...(c.whatsapp ? {} : { whatsapp: undefined }),
      ...(c.notes ? {} : { notes: undefined }),
    }));
    const bad = cleaned.findIndex((c) => !localContactSchema.safeParse(c).success);
    if (bad >= 0) return setMessage({ key: 'console:directory.invalid', error: true });
    try {
      await api('PUT', '/directory', { contacts: cleaned });
      setAt(new Date().toISOString());
      setMessage({ key: 'console:directory.published' });
    } catch (caught) {
      setMessage({ key: errorKey(caught), error: true });
    }
  };

  const send = async (event: Event) => {
    event.preventDefault();
    try {
      await api('POST', '/notices', { text: notice.trim() });
      setNotice('');
      setMessage({ key: 'console:directory.noticeSent' });
    } catch (caught) {
      setMessage({ key: errorKey(caught), error: true });
    }
  };

  const field = (index: number, name: 'name' | 'phone' | 'whatsapp' | 'notes', value: string) => (
    <td>
      <label class="visually-hidden" for={`contact-${index}-${name}`}>
        {t(`records:contacts.fields.${name}`)} {index + 1}
      </label>
      <input
        id={`contact-${index}-${name}`}
        value={value}
        inputMode={name === 'phone' || name === 'whatsapp' ? 'tel' : undefined}
        onInput={(e) => edit(index, { [name]: (e.target as HTMLInputElement).value })}
        required={name === 'name' || name === 'phone'}
      />
    </td>
  );

  return (
    <section>
      <h1>{t('console:directory.title')}</h1>
      {message && (
        <p role={message.error ? 'alert' : 'status'} class={message.error ? 'error' : 'ok'}>
          {t(message.key)}
        </p>
      )}
      <form class="panel" onSubmit={publish}>
        <h2>{t('console:directory.contacts')}</h2>
        <p>
          {t('console:directory.intro')}{' '}
          {at && t('console:directory.lastPublished', { date: formatDate(at, true) })}
        </p>
        {!contacts && <p aria-busy="true">{t('console:common.loading')}</p>}
        {contacts && (
          <div class="table-wrap">
            <table class="data">
              <caption class="visually-hidden">{t('console:directory.contacts')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('records:contacts.fields.category')}</th>
                  <th scope="col">{t('records:contacts.fields.name')}</th>
                  <th scope="col">{t('records:contacts.fields.phone')}</th>
                  <th scope="col">{t('records:contacts.fields.whatsapp')}</th>
                  <th scope="col">{t('records:contacts.fields.notes')}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t('console:directory.remove')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {contacts.map((contact, index) => (
                  <tr key={contact.id}>
                    <td>
                      <label class="visually-hidden" for={`contact-${index}-category`}>
                        {t('records:contacts.fields.category')} {index + 1}
                      </label>
                      <select
                        id={`contact-${index}-category`}
                        value={contact.category}
                        onChange={(e) =>
                          edit(index, {
                            category: (e.target as HTMLSelectElement)
                              .value as LocalContact['category'],
                          })
                        }
                      >
                        {LOCAL_CONTACT_CATEGORIES.map((c) => (
                          <option key={c} value={c}>
                            {t(`records:contacts.categories.${c}`)}
                          </option>
                        ))}
                      </select>
                    </td>
                    {field(index, 'name', contact.name)}
                    {field(index, 'phone', contact.phone)}
                    {field(index, 'whatsapp', contact.whatsapp ?? '')}
                    {field(index, 'notes', contact.notes ?? '')}
                    <td>
                      <button
                        type="button"
                        class="link"
                        onClick={() => setContacts((list) => list?.filter((_, i) => i !== index))}
                      >
                        {t('console:directory.remove')}
                        <span class="visually-hidden"> {contact.name}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div class="toolbar">
          <button
            type="button"
            class="secondary"
            onClick={() => setContacts((list) => [...(list ?? []), blank()])}
          >
            {t('console:directory.add')}
          </button>
          <button type="submit">{t('console:directory.publish')}</button>
        </div>
      </form>
      <form class="panel" onSubmit={send}>
        <h2>{t('console:directory.noticeTitle')}</h2>
        <label for="notice-text">{t('console:directory.noticeText')}</label>
        <textarea
          id="notice-text"
          maxLength={NOTICE_MAX}
          value={notice}
          onInput={(e) => setNotice((e.target as HTMLTextAreaElement).value)}
          required
        />
        <p class="muted">{t('console:directory.noticeHelp', { max: NOTICE_MAX })}</p>
        <button type="submit">{t('console:directory.noticeSend')}</button>
      </form>
    </section>
  );
}
