// The one-time setup link (#/setup?token=…) printed by `admin create-account` or made by an
// administrator: the new account chooses its password (strength shown), then it is signed in.
import { useState } from 'preact/hooks';
import { api, ApiError, errorKey } from '../api';
import { useT } from '../i18n';
import { StrengthMeter } from '../key/StrengthMeter';
import { navigate } from '../router';
import { loadMe } from '../session';

export function SetupScreen({ token }: { token: string }) {
  const t = useT();
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [strongEnough, setStrongEnough] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    if (password !== again) return setError('console:setup.mismatch');
    if (!strongEnough) return setError('console:strength.refused');
    setBusy(true);
    try {
      await api('POST', '/auth/setup', { token, password });
      await loadMe();
      navigate('/', { replace: true });
    } catch (caught) {
      setError(
        caught instanceof ApiError && (caught.code === 'invalid_token' || caught.status === 404)
          ? 'console:setup.badToken'
          : errorKey(caught),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="console-center">
      <section class="panel narrow">
        <h1>{t('console:setup.title')}</h1>
        {token === '' ? (
          <p role="alert" class="error">
            {t('console:setup.badToken')}
          </p>
        ) : (
          <form onSubmit={submit}>
            <p>{t('console:setup.intro')}</p>
            <label for="setup-password">{t('console:setup.password')}</label>
            <input
              id="setup-password"
              type="password"
              autocomplete="new-password"
              value={password}
              onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
              required
              aria-describedby="setup-password-strength"
            />
            <StrengthMeter
              id="setup-password-strength"
              value={password}
              onVerdict={(ok) => setStrongEnough(ok)}
            />
            <label for="setup-again">{t('console:setup.again')}</label>
            <input
              id="setup-again"
              type="password"
              autocomplete="new-password"
              value={again}
              onInput={(e) => setAgain((e.target as HTMLInputElement).value)}
              required
            />
            {error && (
              <p role="alert" class="error">
                {t(error)}
              </p>
            )}
            <button type="submit" disabled={busy}>
              {t('console:setup.submit')}
            </button>
          </form>
        )}
      </section>
    </main>
  );
}
