// Keeps the queue and the records table current while they are on screen: on arrival, every
// minute and whenever the window regains focus, what the server received since is merged in.
import { useEffect } from 'preact/hooks';
import { keyring } from '../key/keyring';
import { refreshRows } from './memory';

export const REFRESH_MS = 60_000;

export function useLiveRows(): void {
  useEffect(() => {
    const refresh = () => void refreshRows(keyring.get()?.keys).catch(() => {});
    const onVisible = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    window.addEventListener('focus', refresh);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', refresh);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, []);
}
