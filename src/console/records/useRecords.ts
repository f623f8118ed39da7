// Opens every record once per unlock and hands the in-memory set to a screen.
import { useEffect, useState } from 'preact/hooks';
import { errorKey } from '../api';
import { keyring } from '../key/keyring';
import { useStore } from '../store';
import { loadRecords, loading, records, type RecordSet } from './memory';

export function useOpenedRecords(): {
  set: RecordSet | null;
  progress: { done: number; total?: number } | null;
  error?: string;
} {
  const keys = useStore(keyring);
  const set = useStore(records);
  const progress = useStore(loading);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    if (keys && !set) loadRecords(keys.keys).catch((caught) => setError(errorKey(caught)));
  }, [keys, set]);
  return { set, progress, error };
}
