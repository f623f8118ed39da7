// The district key: its fingerprint(s) and holders, a warning while only one person holds it,
// first setup, adding a holder (re-wrapped in this browser) and rotation. Administrators who hold
// no key see the public information only.
import { useEffect, useState } from 'preact/hooks';
import { WrongPassphraseError } from '../../crypto/keyWrap';
import { api, errorKey } from '../api';
import { formatDate, useT } from '../i18n';
import { hasRole, me } from '../session';
import { useStore } from '../store';
import { addHolder } from './districtKey';
import { activeKeys, fetchKeyState, keyring, type DistrictKeyState } from './keyring';
import { NewKeyWizard } from './NewKeyWizard';
import { StrengthMeter } from './StrengthMeter';

interface Candidate {
  id: string;
  displayName: string;
  username: string;
  roles: string[];
}

export function KeyScreen() {
  const t = useT();
  const account = useStore(me);
  const unlocked = useStore(keyring);
  const [state, setState] = useState<DistrictKeyState | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [mode, setMode] = useState<'view' | 'rotate' | 'holder'>('view');
  const isCoordinator = hasRole(account, 'coordinator');

  const reload = () =>
    fetchKeyState().then(
      (next) => setState(next),
      (caught) => setError(errorKey(caught)),
    );
  useEffect(() => {
    void reload();
  }, []);

  if (error)
    return (
      <p role="alert" class="error">
        {t(error)}
      </p>
    );
  if (!state) return <p aria-busy="true">{t('console:common.loading')}</p>;

  const active = activeKeys(state);
  const holdersOfActive = new Set(
    state.holders.filter((h) => active.some((k) => k.kid === h.kid)).map((h) => h.accountId),
  );
  const iHold = account ? holdersOfActive.has(account.id) : false;

  return (
    <section>
      <h1>{t('console:key.title')}</h1>
      {active.length === 0 ? (
        isCoordinator ? (
          <NewKeyWizard rotate={false} onDone={() => void reload()} />
        ) : (
          <p class="warning">{t('console:key.noneYetAdmin')}</p>
        )
      ) : (
        <>
          {holdersOfActive.size < 2 && (
            <p class="warning" role="status">
              {t('console:key.oneHolder')}
            </p>
          )}
          <div class="table-wrap">
            <table class="data">
              <caption class="visually-hidden">{t('console:key.keys')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('console:key.fingerprint')}</th>
                  <th scope="col">{t('console:key.created')}</th>
                  <th scope="col">{t('console:key.status')}</th>
                  <th scope="col">{t('console:key.holders')}</th>
                </tr>
              </thead>
              <tbody>
                {state.keys.map((key) => (
                  <tr key={key.kid}>
                    <td class="fingerprint">{key.fingerprint}</td>
                    <td>{formatDate(key.createdAt, true)}</td>
                    <td>
                      {key.retiredAt
                        ? t('console:key.retired', { date: formatDate(key.retiredAt) })
                        : t('console:key.active')}
                    </td>
                    <td>
                      {state.holders
                        .filter((h) => h.kid === key.kid)
                        .map((h) => h.displayName ?? h.accountId)
                        .join(', ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {isCoordinator && iHold && mode === 'view' && (
            <div class="toolbar">
              <button type="button" onClick={() => setMode('holder')}>
                {t('console:key.addHolder')}
              </button>
              <button type="button" class="secondary" onClick={() => setMode('rotate')}>
                {t('console:key.rotate')}
              </button>
            </div>
          )}
          {isCoordinator && !iHold && <p>{t('console:key.askHolder')}</p>}
          {mode === 'rotate' && (
            <NewKeyWizard
              rotate
              onDone={() => {
                setMode('view');
                void reload();
              }}
            />
          )}
          {mode === 'holder' && (
            <AddHolder
              state={state}
              onDone={() => {
                setMode('view');
                void reload();
              }}
            />
          )}
          {unlocked && <p class="muted">{t('console:key.unlockedHere')}</p>}
        </>
      )}
    </section>
  );
}

function AddHolder({ state, onDone }: { state: DistrictKeyState; onDone: () => void }) {
  const t = useT();
  const [candidates, setCandidates] = useState<Candidate[] | undefined>();
  const [accountId, setAccountId] = useState('');
  const [mine, setMine] = useState('');
  const [theirs, setTheirs] = useState('');
  const [strong, setStrong] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    api<Candidate[]>('GET', '/accounts').then(
      (list) => setCandidates(list.filter((a) => a.roles.includes('coordinator'))),
      () => setCandidates([]),
    );
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    if (!strong) return setError('console:strength.refusedPassphrase');
    setBusy(true);
    try {
      await addHolder(state, accountId.trim(), mine, theirs);
      onDone();
    } catch (caught) {
      setError(caught instanceof WrongPassphraseError ? 'console:unlock.wrong' : errorKey(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="panel" onSubmit={submit}>
      <h2>{t('console:key.addHolder')}</h2>
      <p>{t('console:key.addHolderIntro')}</p>
      <label for="holder-account">{t('console:key.holderAccount')}</label>
      {candidates && candidates.length > 0 ? (
        <select
          id="holder-account"
          value={accountId}
          onChange={(e) => setAccountId((e.target as HTMLSelectElement).value)}
          required
        >
          <option value="">{t('console:key.choose')}</option>
          {candidates.map((c) => (
            <option key={c.id} value={c.id}>
              {c.displayName} ({c.username})
            </option>
          ))}
        </select>
      ) : (
        <input
          id="holder-account"
          value={accountId}
          onInput={(e) => setAccountId((e.target as HTMLInputElement).value)}
          required
        />
      )}
      <label for="holder-mine">{t('console:key.myPassphrase')}</label>
      <input
        id="holder-mine"
        type="password"
        autocomplete="current-password"
        value={mine}
        onInput={(e) => setMine((e.target as HTMLInputElement).value)}
        required
      />
      <label for="holder-theirs">{t('console:key.theirPassphrase')}</label>
      <input
        id="holder-theirs"
        type="password"
        autocomplete="new-password"
        value={theirs}
        onInput={(e) => setTheirs((e.target as HTMLInputElement).value)}
        required
        aria-describedby="holder-theirs-strength"
      />
      <StrengthMeter id="holder-theirs-strength" value={theirs} onVerdict={setStrong} />
      {error && (
        <p role="alert" class="error">
          {t(error)}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {t('console:key.addHolderSubmit')}
      </button>
    </form>
  );
}
