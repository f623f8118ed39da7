// The audit log (administrators): who did what and when — never content. Append-only and
// hash-chained on the server; filter it here and download it as CSV.
import { useEffect, useState } from 'preact/hooks';
import { api, API_BASE, errorKey } from '../api';
import { formatDate, useT } from '../i18n';

interface AuditEntry {
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string;
  action: string;
  target?: string;
  detail?: string;
}

const ACTIONS = [
  'sign_in',
  'sign_in_failed',
  'sign_in_refused',
  'sign_out',
  'sign_out_everywhere',
  'password_set',
  'password_changed',
  'passkey_added',
  'account_created',
  'account_changed',
  'setup_link_issued',
  'records_fetched',
  'revisions_fetched',
  'record_opened',
  'reviews_fetched',
  'review_added',
  'export',
  'district_key_registered',
  'district_key_retired',
  'key_holder_added',
  'device_revoked',
  'records_moved',
  'enrollment_code_created',
  'directory_published',
  'notice_sent',
  'audit_downloaded',
] as const;

export function AuditScreen() {
  const t = useT();
  const [filters, setFilters] = useState({ actor: '', action: '', from: '', to: '' });
  const [entries, setEntries] = useState<AuditEntry[] | undefined>();
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const query = () => {
    const q = new URLSearchParams();
    for (const [key, value] of Object.entries(filters)) if (value) q.set(key, value);
    return q;
  };
  const load = () => {
    const q = query();
    q.set('limit', '200');
    api<{ items: AuditEntry[]; more: boolean }>('GET', `/audit?${q.toString()}`).then(
      (page) => {
        setEntries(page.items);
        setMore(page.more);
        setError(undefined);
      },
      (caught) => setError(errorKey(caught)),
    );
  };
  useEffect(load, []);

  const set = (key: keyof typeof filters) => (e: Event) =>
    setFilters((f) => ({ ...f, [key]: (e.target as HTMLInputElement).value }));

  return (
    <section>
      <h1>{t('console:audit.title')}</h1>
      <p>{t('console:audit.intro')}</p>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          load();
        }}
      >
        <div>
          <label for="audit-actor">{t('console:audit.actor')}</label>
          <input id="audit-actor" value={filters.actor} onInput={set('actor')} />
        </div>
        <div>
          <label for="audit-action">{t('console:audit.action')}</label>
          <select id="audit-action" value={filters.action} onChange={set('action')}>
            <option value="">{t('console:common.all')}</option>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t(`console:audit.actions.${a}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="audit-from">{t('console:audit.from')}</label>
          <input id="audit-from" type="date" value={filters.from} onInput={set('from')} />
        </div>
        <div>
          <label for="audit-to">{t('console:audit.to')}</label>
          <input id="audit-to" type="date" value={filters.to} onInput={set('to')} />
        </div>
        <button type="submit">{t('console:audit.apply')}</button>
        <a class="button-link" href={`${API_BASE}/audit.csv?${query().toString()}`} download>
          {t('console:audit.download')}
        </a>
      </form>
      {error && (
        <p role="alert" class="error">
          {t(error)}
        </p>
      )}
      {entries && (
        <div class="table-wrap">
          <table class="data" data-testid="audit">
            <caption class="visually-hidden">{t('console:audit.title')}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('console:audit.when')}</th>
                <th scope="col">{t('console:audit.actor')}</th>
                <th scope="col">{t('console:audit.action')}</th>
                <th scope="col">{t('console:audit.target')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.seq}>
                  <td>{entry.seq}</td>
                  <td>{formatDate(entry.at, true)}</td>
                  <td>{entry.actorName}</td>
                  <td>
                    {t(`console:audit.actions.${entry.action}`, { defaultValue: entry.action })}
                  </td>
                  <td>
                    {entry.target ?? ''}
                    {entry.detail ? ` (${entry.detail})` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {more && <p class="muted">{t('console:audit.more')}</p>}
    </section>
  );
}
