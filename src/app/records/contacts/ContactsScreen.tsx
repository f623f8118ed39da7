// The contacts directory (#/contacts): national contacts with their public source, and the
// local contacts the volunteer or coordinator keeps (add, edit, delete), all stored on the phone.
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  LOCAL_CONTACT_CATEGORIES,
  localContactSchema,
  NATIONAL_CONTACTS,
  type LocalContact,
} from '../../../domain/contacts';
import type { FieldMeta } from '../../../domain/recordKind';
import { toValidationIssues, type ValidationIssue } from '../../../domain/validation';
import { deleteLocalContact, newRecordId, saveLocalContact } from '../../../data/index';
import { DirectorySection } from '../../feed';
import { useT } from '../../i18n';
import { FieldControl } from '../form/FieldControl';
import { fieldDomId, setPath, type Payload } from '../form/model';
import { LocalContactCard, NationalContactCard } from './ContactCards';
import { loadLocalContacts } from './ReportContacts';

/** The local contact form, described like a record kind's fields so the same inputs render it. */
export const LOCAL_CONTACT_FIELDS: readonly FieldMeta[] = [
  {
    name: 'category',
    input: 'select',
    labelKey: 'contacts.fields.category',
    options: LOCAL_CONTACT_CATEGORIES,
    optionsKey: 'contacts.categories',
    section: 'contact',
    required: true,
  },
  {
    name: 'name',
    input: 'text',
    labelKey: 'contacts.fields.name',
    section: 'contact',
    required: true,
  },
  {
    name: 'phone',
    input: 'text',
    labelKey: 'contacts.fields.phone',
    section: 'contact',
    inputMode: 'tel',
    required: true,
  },
  {
    name: 'whatsapp',
    input: 'text',
    labelKey: 'contacts.fields.whatsapp',
    section: 'contact',
    inputMode: 'tel',
  },
  { name: 'notes', input: 'textarea', labelKey: 'contacts.fields.notes', section: 'contact' },
];

function LocalContactForm({
  initial,
  onSaved,
  onCancel,
}: {
  initial: Payload;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const t = useT();
  const [values, setValues] = useState<Payload>(initial);
  const [issues, setIssues] = useState<ValidationIssue[]>([]);
  const [failed, setFailed] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const submit = async () => {
    const cleaned = Object.fromEntries(
      Object.entries(values).filter(([, v]) => typeof v !== 'string' || v.trim() !== ''),
    );
    const parsed = localContactSchema.safeParse(cleaned);
    if (!parsed.success) {
      const found = toValidationIssues(parsed.error);
      setIssues(found);
      const first = LOCAL_CONTACT_FIELDS.find((field) => found.some((i) => i.path === field.name));
      if (first) document.getElementById(fieldDomId(first.name))?.focus();
      return;
    }
    try {
      await saveLocalContact(parsed.data);
      onSaved();
    } catch {
      setFailed(true);
    }
  };

  return (
    <form
      class="card"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3 ref={headingRef} tabIndex={-1}>
        {t(initial.name ? 'forms:contacts.editTitle' : 'forms:contacts.addTitle')}
      </h3>
      {failed ? (
        <p class="notice notice-error" role="alert">
          {t('forms:contacts.saveFailed')}
        </p>
      ) : null}
      {LOCAL_CONTACT_FIELDS.map((field) => (
        <FieldControl
          key={field.name}
          field={field}
          path={field.name}
          value={values[field.name]}
          issues={issues}
          onChange={(path, value) => {
            const next = setPath(values, path, value);
            setValues(next);
            if (issues.length > 0) {
              const parsed = localContactSchema.safeParse(next);
              setIssues(parsed.success ? [] : toValidationIssues(parsed.error));
            }
          }}
          context={{ recordId: String(initial.id) }}
        />
      ))}
      <div class="form-actions">
        <button type="button" class="button" onClick={onCancel}>
          {t('forms:common.cancel')}
        </button>
        <button type="submit" class="button button-primary">
          {t('forms:common.save')}
        </button>
      </div>
    </form>
  );
}

export function ContactsScreen() {
  const t = useT();
  const [local, setLocal] = useState<LocalContact[]>([]);
  const [editing, setEditing] = useState<Payload | null>(null);
  const [confirmingDelete, setConfirmingDelete] = useState<string | null>(null);

  const reload = () => void loadLocalContacts().then(setLocal);
  useEffect(reload, []);

  return (
    <section class="page contacts stack" aria-labelledby="contacts-title">
      <h1 id="contacts-title">{t('forms:contacts.title')}</h1>
      <p>{t('forms:contacts.intro')}</p>

      <DirectorySection renderContact={(contact) => <LocalContactCard contact={contact} />} />

      <h2>{t('forms:contacts.national')}</h2>
      <ul class="list contact-list">
        {NATIONAL_CONTACTS.map((contact) => (
          <li key={contact.id}>
            <NationalContactCard contact={contact} />
          </li>
        ))}
      </ul>

      <h2>{t('forms:contacts.local')}</h2>
      {local.length === 0 ? <p>{t('forms:contacts.noLocal')}</p> : null}
      <ul class="list contact-list">
        {local.map((contact) => (
          <li key={contact.id}>
            <LocalContactCard contact={contact}>
              {confirmingDelete === contact.id ? (
                <div
                  class="contact-actions"
                  role="group"
                  aria-label={t('forms:contacts.deleteConfirm', { name: contact.name })}
                >
                  <p>{t('forms:contacts.deleteConfirm', { name: contact.name })}</p>
                  <button type="button" class="button" onClick={() => setConfirmingDelete(null)}>
                    {t('forms:common.cancel')}
                  </button>
                  <button
                    type="button"
                    class="button button-danger"
                    onClick={() =>
                      void deleteLocalContact(contact.id).then(() => {
                        setConfirmingDelete(null);
                        reload();
                      })
                    }
                  >
                    {t('forms:detail.confirmDelete')}
                  </button>
                </div>
              ) : (
                <div class="contact-actions">
                  <button type="button" class="button" onClick={() => setEditing({ ...contact })}>
                    {t('forms:common.edit')}
                    <span class="visually-hidden">: {contact.name}</span>
                  </button>
                  <button
                    type="button"
                    class="button button-danger"
                    onClick={() => setConfirmingDelete(contact.id)}
                  >
                    {t('forms:common.delete')}
                    <span class="visually-hidden">: {contact.name}</span>
                  </button>
                </div>
              )}
            </LocalContactCard>
          </li>
        ))}
      </ul>

      {editing ? (
        <LocalContactForm
          key={String(editing.id)}
          initial={editing}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
          onCancel={() => setEditing(null)}
        />
      ) : (
        <button
          type="button"
          class="button button-block"
          onClick={() => setEditing({ id: newRecordId() })}
        >
          {t('forms:contacts.add')}
        </button>
      )}
    </section>
  );
}
