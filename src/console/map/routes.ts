// The vulnerability map's screens (#/map…), appended to the console's route table by
// ../routes.ts. The mapping work adds its routes here; each names its roles (viewer, coordinator)
// and loads its screen as its own chunk, e.g.
//   { path: 'map', titleKey: 'console:map.title', roles: ['viewer', 'coordinator'], nav: 60,
//     load: () => import('./MapScreen').then((m) => m.MapScreen) }
import type { ConsoleRoute } from '../router';

export const mapRoutes: ConsoleRoute[] = [];
