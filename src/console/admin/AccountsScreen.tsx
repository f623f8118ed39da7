// Console accounts (administrators): create one (the setup link is shown once, to hand over in
// person), change roles, disable or enable, issue a new setup link. Nothing is ever deleted.
import { useEffect, useState } from 'preact/hooks';
import { api, errorKey } from '../api';
import { formatDate, useT } from '../i18n';
import type { Role } from '../router';

interface Account {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  disabled: boolean;
  createdAt: string;
  setupPending: boolean;
  passkeys: number;
}
const ROLES: Role[] = ['admin', 'coordinator', 'viewer'];

export function AccountsScreen() {
  const t = useT();
  const [accounts, setAccounts] = useState<Account[] | undefined>();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [roles, setRoles] = useState<Role[]>(['coordinator']);
  const [link, setLink] = useState<string | undefined>();
  const [message, setMessage] = useState<{ key: string; error?: boolean } | undefined>();

  const reload = () =>
    api<Account[]>('GET', '/accounts').then(setAccounts, (caught) =>
      setMessage({ key: errorKey(caught), error: true }),
    );
  useEffect(() => {
    void reload();
  }, []);

  const run = async (work: () => Promise<void>, done?: string) => {
    setMessage(undefined);
    try {
      await work();
      if (done) setMessage({ key: done });
      await reload();
    } catch (caught) {
      setMessage({ key: errorKey(caught), error: true });
    }
  };

  const create = (event: Event) => {
    event.preventDefault();
    if (roles.length === 0) return setMessage({ key: 'console:accounts.noRole', error: true });
    void run(async () => {
      const answer = await api<{ setupLink: string }>('POST', '/accounts', {
        username: username.trim(),
        displayName: displayName.trim(),
        roles,
      });
      setLink(answer.setupLink);
      setUsername('');
      setDisplayName('');
    }, 'console:accounts.created');
  };

  const patch = (account: Account, body: { roles?: Role[]; disabled?: boolean }) =>
    void run(
      () => api('PATCH', `/accounts/${encodeURIComponent(account.id)}`, body),
      'console:accounts.changed',
    );

  const newLink = (account: Account) =>
    void run(async () => {
      const answer = await api<{ setupLink: string }>(
        'POST',
        `/accounts/${encodeURIComponent(account.id)}/setup-link`,
        {},
      );
      setLink(answer.setupLink);
    });

  return (
    <section>
      <h1>{t('console:accounts.title')}</h1>
      {message && (
        <p role={message.error ? 'alert' : 'status'} class={message.error ? 'error' : 'ok'}>
          {t(message.key)}
        </p>
      )}
      {link && (
        <div class="panel" data-testid="setup-link">
          <h2>{t('console:accounts.linkTitle')}</h2>
          <p>{t('console:accounts.linkIntro')}</p>
          <p>
            <code>{link}</code>
          </p>
        </div>
      )}
      <form class="panel" onSubmit={create}>
        <h2>{t('console:accounts.new')}</h2>
        <div class="columns">
          <div>
            <label for="account-username">{t('console:login.username')}</label>
            <input
              id="account-username"
              value={username}
              autocapitalize="none"
              pattern="[a-z0-9][a-z0-9._\-]{1,39}"
              onInput={(e) => setUsername((e.target as HTMLInputElement).value)}
              required
              aria-describedby="account-username-help"
            />
            <p id="account-username-help" class="muted">
              {t('console:accounts.usernameHelp')}
            </p>
          </div>
          <div>
            <label for="account-name">{t('console:account.name')}</label>
            <input
              id="account-name"
              value={displayName}
              maxLength={80}
              onInput={(e) => setDisplayName((e.target as HTMLInputElement).value)}
              required
            />
          </div>
        </div>
        <fieldset>
          <legend>{t('console:account.roles')}</legend>
          {ROLES.map((role) => (
            <label key={role} class="inline">
              <input
                type="checkbox"
                checked={roles.includes(role)}
                onChange={(e) =>
                  setRoles((current) =>
                    (e.target as HTMLInputElement).checked
                      ? [...current, role]
                      : current.filter((r) => r !== role),
                  )
                }
              />{' '}
              {t(`console:roles.${role}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit">{t('console:accounts.create')}</button>
      </form>
      {accounts && (
        <div class="table-wrap">
          <table class="data">
            <caption class="visually-hidden">{t('console:accounts.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('console:account.name')}</th>
                <th scope="col">{t('console:login.username')}</th>
                <th scope="col">{t('console:account.roles')}</th>
                <th scope="col">{t('console:accounts.created')}</th>
                <th scope="col">{t('console:accounts.state')}</th>
                <th scope="col">{t('console:devices.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((account) => (
                <tr key={account.id}>
                  <td>{account.displayName}</td>
                  <td>{account.username}</td>
                  <td>
                    {ROLES.map((role) => (
                      <label key={role} class="inline">
                        <input
                          type="checkbox"
                          checked={account.roles.includes(role)}
                          onChange={(e) => {
                            const on = (e.target as HTMLInputElement).checked;
                            const next = on
                              ? [...account.roles, role]
                              : account.roles.filter((r) => r !== role);
                            if (next.length > 0) patch(account, { roles: next });
                          }}
                        />{' '}
                        {t(`console:roles.${role}`)}
                        <span class="visually-hidden"> {account.username}</span>
                      </label>
                    ))}
                  </td>
                  <td>{formatDate(account.createdAt)}</td>
                  <td>
                    {account.disabled
                      ? t('console:accounts.disabled')
                      : account.setupPending
                        ? t('console:accounts.pending')
                        : t('console:accounts.active')}
                  </td>
                  <td class="toolbar">
                    <button
                      type="button"
                      class={account.disabled ? 'secondary' : 'danger'}
                      onClick={() => patch(account, { disabled: !account.disabled })}
                    >
                      {t(account.disabled ? 'console:accounts.enable' : 'console:accounts.disable')}
                      <span class="visually-hidden"> {account.username}</span>
                    </button>
                    {account.setupPending && !account.disabled && (
                      <button type="button" class="secondary" onClick={() => newLink(account)}>
                        {t('console:accounts.newLink')}
                        <span class="visually-hidden"> {account.username}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
