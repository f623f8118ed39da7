// The console's route table (hash routes of docs/console-api.md). Screens load as their own chunks.
// The vulnerability map's screens come from ./map/routes.ts.
import { mapRoutes } from './map/routes';
import type { ConsoleRoute } from './router';

const coreRoutes: ConsoleRoute[] = [
  {
    path: 'account',
    titleKey: 'console:account.title',
    roles: ['admin', 'coordinator', 'viewer'],
    nav: 90,
    load: () => import('./shell/AccountScreen').then((m) => m.AccountScreen),
  },
];

export const ROUTES: readonly ConsoleRoute[] = [...coreRoutes, ...mapRoutes];

/** Where an account lands after sign-in: the queue for coordinators, else its first screen. */
export function homePath(roles: readonly string[]): string {
  const first = [...ROUTES]
    .filter((route) => route.nav !== undefined && route.roles.some((r) => roles.includes(r)))
    .sort((a, b) => (a.nav ?? 0) - (b.nav ?? 0))[0];
  return `/${first?.path ?? 'account'}`;
}
