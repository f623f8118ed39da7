// Sign-in: username and password, then the passkey when the account has one as second factor;
// or a passkey alone. Wrong password, throttling and disabled accounts say what to do.
import { useState } from 'preact/hooks';
import { ApiError, errorKey } from '../api';
import { useT } from '../i18n';
import { login } from '../session';
import { signInWithPasskey } from './passkey';

export function LoginScreen() {
  const t = useT();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [step, setStep] = useState<'password' | 'passkey'>('password');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ key: string; seconds?: number } | undefined>();

  const fail = (caught: unknown) => {
    if (caught instanceof ApiError)
      setError({ key: errorKey(caught), seconds: caught.retryAfterSeconds });
    else if (caught instanceof Error && caught.name === 'NotAllowedError')
      setError({ key: 'console:login.passkeyCancelled' });
    else setError({ key: errorKey(caught) });
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const answer = await login(username.trim(), password);
      setPassword('');
      if (answer.needsSecondFactor) setStep('passkey');
    } catch (caught) {
      fail(caught);
    } finally {
      setBusy(false);
    }
  };

  const passkey = async (withName: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      await signInWithPasskey(withName ? username.trim() : undefined);
    } catch (caught) {
      fail(caught);
    } finally {
      setBusy(false);
    }
  };

  const errorText = error && (
    <p id="login-error" role="alert" class="error">
      {t(error.key, { seconds: error.seconds ?? 60 })}
    </p>
  );

  return (
    <main class="console-center">
      <section class="panel narrow">
        <h1>{t('console:login.title')}</h1>
        <p>{t('console:login.intro')}</p>
        {step === 'password' ? (
          <>
            <form onSubmit={submit}>
              <label for="login-username">{t('console:login.username')}</label>
              <input
                id="login-username"
                autocomplete="username"
                autocapitalize="none"
                value={username}
                onInput={(e) => setUsername((e.target as HTMLInputElement).value)}
                required
              />
              <label for="login-password">{t('console:login.password')}</label>
              <input
                id="login-password"
                type="password"
                autocomplete="current-password"
                value={password}
                onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
                required
                aria-describedby={error ? 'login-error' : undefined}
              />
              {errorText}
              <button type="submit" disabled={busy}>
                {t('console:login.submit')}
              </button>
            </form>
            <p class="or">{t('console:login.or')}</p>
            <button
              type="button"
              class="secondary"
              disabled={busy}
              onClick={() => void passkey(false)}
            >
              {t('console:login.withPasskey')}
            </button>
          </>
        ) : (
          <>
            <p>{t('console:login.secondFactor')}</p>
            {errorText}
            <button type="button" disabled={busy} onClick={() => void passkey(true)}>
              {t('console:login.usePasskey')}
            </button>
          </>
        )}
      </section>
    </main>
  );
}
