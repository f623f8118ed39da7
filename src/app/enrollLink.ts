// The enrollment link of a QR code (`#/enroll?server=…&code=…`, docs/sync-protocol-v2.md): taken
// from the address when the app starts, kept in memory only (the code is a short-lived secret),
// so that it survives onboarding, the lock screen and a lock that resets the route to home.
import { parseRoute } from './router';

let pending: { server?: string; code?: string } | undefined;

/** Remembers the link's server and code if the app was opened with one. */
export function captureEnrollLink(hash: string): void {
  const route = parseRoute(hash);
  if (route.segments[0] !== 'enroll') return;
  const server = route.query.get('server') ?? undefined;
  const code = route.query.get('code') ?? undefined;
  if (server || code) pending = { server, code };
}

/** The remembered link, if enrollment has not used it yet. */
export function pendingEnrollLink(): { server?: string; code?: string } | undefined {
  return pending;
}

/** Forgets the link (after a successful enrollment). */
export function clearEnrollLink(): void {
  pending = undefined;
}
