// The vulnerability map's screens (#/map…), appended to the console's route table by
// ../routes.ts. Viewers and coordinators see the table and the monthly report (counts only; the
// server withholds small ones from viewers); coordinators alone open the records behind a cell,
// which needs the district key (records are opened in the browser as everywhere in the console).
// Paths are single segments: the navigation marks a link current by the first segment.
import type { ConsoleRoute } from '../router';

export const mapRoutes: ConsoleRoute[] = [
  {
    path: 'map',
    titleKey: 'console:map.title',
    roles: ['viewer', 'coordinator'],
    nav: 60,
    load: () => import('./MapScreen').then((m) => m.MapScreen),
  },
  {
    path: 'map-report',
    titleKey: 'console:map.report',
    roles: ['viewer', 'coordinator'],
    nav: 61,
    load: () => import('./ReportScreen').then((m) => m.ReportScreen),
  },
  {
    path: 'map-records',
    titleKey: 'console:map.records',
    roles: ['coordinator'],
    needsKey: true,
    load: () => import('./MapRecordsScreen').then((m) => m.MapRecordsScreen),
  },
];
