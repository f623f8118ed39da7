// The signed-in account: its roles, a new password, a passkey (second factor or instead of the
// password), and "sign out everywhere" (ends every session of the account on the server).
import { useState } from 'preact/hooks';
import { api, errorKey } from '../api';
import { useT } from '../i18n';
import { StrengthMeter } from '../key/StrengthMeter';
import { logout, me } from '../session';
import { useStore } from '../store';
import { registerPasskey } from './passkey';

export function AccountScreen() {
  const t = useT();
  const account = useStore(me);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [strong, setStrong] = useState(false);
  const [message, setMessage] = useState<{ key: string; error?: boolean } | undefined>();

  if (!account) return null;

  const changePassword = async (event: Event) => {
    event.preventDefault();
    if (!strong) return setMessage({ key: 'console:strength.refused', error: true });
    try {
      await api('POST', '/me/password', { current, next });
      setCurrent('');
      setNext('');
      setMessage({ key: 'console:account.passwordChanged' });
    } catch (caught) {
      setMessage({ key: errorKey(caught), error: true });
    }
  };

  const addPasskey = async () => {
    try {
      await registerPasskey();
      setMessage({ key: 'console:account.passkeyAdded' });
    } catch (caught) {
      setMessage({
        key:
          caught instanceof Error && caught.name === 'NotAllowedError'
            ? 'console:login.passkeyCancelled'
            : errorKey(caught),
        error: true,
      });
    }
  };

  return (
    <section>
      <h1>{t('console:account.title')}</h1>
      <dl class="facts">
        <dt>{t('console:account.name')}</dt>
        <dd>{account.displayName}</dd>
        <dt>{t('console:login.username')}</dt>
        <dd>{account.username}</dd>
        <dt>{t('console:account.roles')}</dt>
        <dd>{account.roles.map((r) => t(`console:roles.${r}`)).join(', ')}</dd>
        <dt>{t('console:account.passkeys')}</dt>
        <dd>{t('console:account.passkeyCount', { count: account.passkeys })}</dd>
      </dl>
      {message && (
        <p role={message.error ? 'alert' : 'status'} class={message.error ? 'error' : 'ok'}>
          {t(message.key)}
        </p>
      )}
      <div class="columns">
        <form class="panel" onSubmit={changePassword}>
          <h2>{t('console:account.changePassword')}</h2>
          <label for="pw-current">{t('console:account.currentPassword')}</label>
          <input
            id="pw-current"
            type="password"
            autocomplete="current-password"
            value={current}
            onInput={(e) => setCurrent((e.target as HTMLInputElement).value)}
            required
          />
          <label for="pw-next">{t('console:account.newPassword')}</label>
          <input
            id="pw-next"
            type="password"
            autocomplete="new-password"
            value={next}
            onInput={(e) => setNext((e.target as HTMLInputElement).value)}
            required
            aria-describedby="pw-next-strength"
          />
          <StrengthMeter id="pw-next-strength" value={next} onVerdict={setStrong} />
          <button type="submit">{t('console:account.savePassword')}</button>
        </form>
        <div class="panel">
          <h2>{t('console:account.passkeyTitle')}</h2>
          <p>{t('console:account.passkeyWhy')}</p>
          <button type="button" onClick={() => void addPasskey()}>
            {t('console:account.addPasskey')}
          </button>
          <h2>{t('console:account.sessions')}</h2>
          <p>{t('console:account.everywhereWhy')}</p>
          <button type="button" class="danger" onClick={() => void logout(true)}>
            {t('console:session.signOutEverywhere')}
          </button>
        </div>
      </div>
    </section>
  );
}
