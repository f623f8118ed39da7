// The sync engine's status for the shell (src/sync runs the engine; the app only shows it and asks
// for a sync). The engine is loaded lazily after unlock, so its code stays out of the first load.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { SyncController, SyncStatus } from '../sync';

export type SyncStatusView = SyncStatus;
export type SyncControl = SyncController;

export interface SyncContextValue {
  /** Undefined until the engine has loaded (or when it could not start). */
  status?: SyncStatus;
  requestSync(reason: string): void;
}

export const SyncContext = createContext<SyncContextValue>({ requestSync: () => undefined });

export function useSync(): SyncContextValue {
  return useContext(SyncContext);
}
