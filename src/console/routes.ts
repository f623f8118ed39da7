// The console's route table (hash routes of docs/console-api.md). Screens load as their own chunks.
// The vulnerability map's screens come from ./map/routes.ts.
import { mapRoutes } from './map/routes';
import type { ConsoleRoute } from './router';

const coreRoutes: ConsoleRoute[] = [
  {
    path: 'queue',
    titleKey: 'console:queue.title',
    roles: ['coordinator'],
    nav: 10,
    // Clear meta only: the queue paints before the key is unlocked; opening a record needs it.
    load: () => import('./records/QueueScreen').then((m) => m.QueueScreen),
  },
  {
    path: 'records',
    titleKey: 'console:records.title',
    roles: ['coordinator'],
    nav: 20,
    needsKey: true,
    load: () => import('./records/RecordsScreen').then((m) => m.RecordsScreen),
  },
  {
    path: 'record/:id',
    titleKey: 'console:detail.title',
    roles: ['coordinator'],
    needsKey: true,
    load: () => import('./records/RecordScreen').then((m) => m.RecordScreen),
  },
  {
    path: 'key',
    titleKey: 'console:key.title',
    roles: ['coordinator', 'admin'],
    nav: 30,
    load: () => import('./key/KeyScreen').then((m) => m.KeyScreen),
  },
  {
    path: 'devices',
    titleKey: 'console:devices.title',
    roles: ['admin'],
    nav: 40,
    load: () => import('./admin/DevicesScreen').then((m) => m.DevicesScreen),
  },
  {
    path: 'directory',
    titleKey: 'console:directory.title',
    roles: ['admin'],
    nav: 41,
    load: () => import('./admin/DirectoryScreen').then((m) => m.DirectoryScreen),
  },
  {
    path: 'accounts',
    titleKey: 'console:accounts.title',
    roles: ['admin'],
    nav: 42,
    load: () => import('./admin/AccountsScreen').then((m) => m.AccountsScreen),
  },
  {
    path: 'audit',
    titleKey: 'console:audit.title',
    roles: ['admin'],
    nav: 43,
    load: () => import('./admin/AuditScreen').then((m) => m.AuditScreen),
  },
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
