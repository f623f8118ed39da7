// The app's top level: which of the four situations the phone is in (first run, locked, unlocked,
// or a database it cannot read) and the screen for each.
import { useEffect, useState } from 'preact/hooks';
import {
  countUnsyncedRecords,
  getVaultStatus,
  onVaultChange,
  sweepRetention,
  type VaultStatus,
} from '../data';
import { clearUnreadableDatabase, errorCode, onUnreadableDatabase } from './errors';
import { ensureNamespaces, useT } from './i18n';
import { lazy } from './lazy';
import { onNeutralScreen } from './lock/lockApp';
import { LockScreen } from './lock/LockScreen';
import { NeutralScreen } from './lock/NeutralScreen';
import { UnreadableDatabase } from './UnreadableDatabase';

const Onboarding = lazy(() => import('./onboarding').then((m) => m.Onboarding));
// The unlocked app shows record-kind labels: their namespaces load with it.
const Shell = lazy(() =>
  Promise.all([import('./shell/Shell'), ensureNamespaces(['records', 'forms', 'ui'])]).then(
    ([m]) => m.Shell,
  ),
);
const UpdatePrompt = lazy(() => import('./pwa').then((m) => m.UpdatePrompt), { quiet: true });

type Phase =
  | { kind: 'loading' }
  | { kind: 'unreadable'; code: string }
  | { kind: 'onboarding'; additional?: boolean }
  | { kind: 'locked' }
  | { kind: 'unlocked' };

function phaseOf(status: VaultStatus): Phase {
  if (status === 'uninitialised') return { kind: 'onboarding' };
  return { kind: status };
}

/**
 * The vault's status, after checking that the record database opens: an incompatible or damaged
 * database is found at start (counting unsynced records reads only clear index fields, so it
 * works while locked) instead of on the first screen that lists records.
 */
async function bootStatus(): Promise<VaultStatus> {
  const status = await getVaultStatus();
  if (status !== 'uninitialised') await countUnsyncedRecords();
  return status;
}

export function App() {
  return (
    <>
      <Screen />
      <UpdatePrompt />
    </>
  );
}

function Screen() {
  const t = useT();
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [neutral, setNeutral] = useState(false);

  useEffect(() => {
    let live = true;
    bootStatus().then(
      (status) => live && setPhase(phaseOf(status)),
      // Whatever stops the app from reading its own storage at start is shown, never a white page.
      (e: unknown) => live && setPhase({ kind: 'unreadable', code: errorCode(e) ?? 'unexpected' }),
    );
    const offVault = onVaultChange((status) => {
      // Retention (issue 11 §6): at every unlock, what fell due while locked is deleted.
      if (status === 'unlocked') sweepRetention().catch(() => undefined);
      setPhase((current) => {
        // Onboarding unlocks the vault half-way (before the profile is saved): it ends itself.
        // A further profile's onboarding starts while another exists (status 'locked').
        if (current.kind === 'onboarding' && status !== 'uninitialised') return current;
        if (current.kind === 'unreadable') return current;
        return phaseOf(status);
      });
    });
    const offUnreadable = onUnreadableDatabase((code) => setPhase({ kind: 'unreadable', code }));
    const offNeutral = onNeutralScreen(setNeutral);
    return () => {
      live = false;
      offVault();
      offUnreadable();
      offNeutral();
    };
  }, []);

  // Quick exit: nothing of the app until the person chooses to go on (to the lock screen).
  if (neutral) return <NeutralScreen />;
  switch (phase.kind) {
    case 'loading':
      return (
        <p class="page muted" role="status">
          {t('app:loading')}
        </p>
      );
    case 'unreadable':
      return (
        <UnreadableDatabase
          code={phase.code}
          onReset={() => {
            clearUnreadableDatabase();
            setPhase({ kind: 'onboarding' });
          }}
        />
      );
    case 'onboarding':
      return (
        <Onboarding
          additional={phase.additional ?? false}
          onDone={() => setPhase({ kind: 'unlocked' })}
          onCancel={phase.additional ? () => setPhase({ kind: 'locked' }) : undefined}
        />
      );
    case 'locked':
      return <LockScreen onNewProfile={() => setPhase({ kind: 'onboarding', additional: true })} />;
    case 'unlocked':
      return <Shell />;
  }
}
