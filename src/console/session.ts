// Who is signed in (GET /me), signing in and out, and the lock: after 15 minutes without input,
// or when the user asks, the console forgets every unlocked key and every decrypted record (they
// live only in this tab's memory) and asks for the passphrase again.
import { api } from './api';
import { createStore } from './store';

export interface Me {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  passkeys: number;
}

/** undefined: not known yet; null: nobody signed in. */
export const me = createStore<Me | null | undefined>(undefined);

/** Bumped when the console locks; holders of decrypted content clear it. */
export const lockEvents = createStore(0);

export const IDLE_LOCK_MS = 15 * 60 * 1000;

export async function loadMe(): Promise<Me | null> {
  try {
    const current = await api<Me>('GET', '/me');
    me.set(current);
    return current;
  } catch {
    me.set(null);
    return null;
  }
}

export interface LoginAnswer {
  needsSecondFactor: boolean;
}

export async function login(username: string, password: string): Promise<LoginAnswer> {
  const answer = await api<{ needsSecondFactor?: boolean }>('POST', '/auth/login', {
    username,
    password,
  });
  if (answer?.needsSecondFactor) return { needsSecondFactor: true };
  await loadMe();
  return { needsSecondFactor: false };
}

/** Forget every key and decrypted record in memory (idle, on demand, on sign-out). */
export function lockNow(): void {
  lockEvents.update((n) => n + 1);
}

export async function logout(everywhere = false): Promise<void> {
  lockNow();
  try {
    await api('POST', everywhere ? '/auth/logout-everywhere' : '/auth/logout', {});
  } finally {
    me.set(null);
  }
}

export function hasRole(account: Me | null | undefined, role: string): boolean {
  return account?.roles.includes(role) ?? false;
}

/**
 * Locks after `idleMs` without keyboard, pointer or scroll input. Returns the stop function.
 * `now` and the timer are injectable for tests.
 */
export function watchIdle(
  onIdle: () => void,
  idleMs = IDLE_LOCK_MS,
  target: EventTarget = window,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const reset = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(onIdle, idleMs);
  };
  const events = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'pointermove'];
  for (const name of events) target.addEventListener(name, reset, { passive: true });
  reset();
  return () => {
    if (timer !== undefined) clearTimeout(timer);
    for (const name of events) target.removeEventListener(name, reset);
  };
}
