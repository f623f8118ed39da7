// Runs the sync engine while the app is unlocked: loads src/sync lazily, starts it, follows its
// status, and stops it when the shell unmounts (lock).
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { SyncContextValue, SyncControl, SyncStatusView } from '../syncContext';

export function useSyncEngine(): SyncContextValue {
  const [status, setStatus] = useState<SyncStatusView>();
  const [controller, setController] = useState<SyncControl>();

  useEffect(() => {
    let stopped = false;
    let cleanup: (() => void) | undefined;
    import('../../sync').then(
      (sync) => {
        if (stopped) return;
        const started: SyncControl = sync.startSync();
        const unsubscribe = started.subscribe(setStatus);
        const stopListening = sync.listenForServiceWorkerSync(started);
        setStatus(started.getStatus());
        setController(started);
        cleanup = () => {
          unsubscribe();
          if (typeof stopListening === 'function') stopListening();
          started.stop();
        };
      },
      () => console.warn('Jejaring: the sync engine did not load'),
    );
    return () => {
      stopped = true;
      cleanup?.();
    };
  }, []);

  return useMemo(
    () => ({
      status,
      requestSync: (reason: string) => controller?.requestSync(reason),
    }),
    [status, controller],
  );
}
