// Hash routing of the console (#/queue, #/record/<id>, …) and the route table every screen is
// registered in. Other parts of the console (the vulnerability map in ./map) add their screens by
// exporting routes that ./routes.ts appends: the shell, the navigation and the role checks are the
// same for all of them.
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export type Role = 'admin' | 'coordinator' | 'viewer';

export interface Route {
  /** Path segments after `#/`, e.g. ['record', '0192…']. */
  segments: string[];
  query: URLSearchParams;
}

export interface ScreenProps {
  route: Route;
  /** Values of the pattern's `:name` segments. */
  params: Record<string, string>;
}

export interface ConsoleRoute {
  /** Pattern after `#/`: literal segments and `:name` parameters, e.g. `record/:id`. */
  path: string;
  /** i18n key of the screen's title (the document title and, with `nav`, the navigation). */
  titleKey: string;
  /** Roles that may open the screen; the server enforces the same on every endpoint. */
  roles: readonly Role[];
  /** Loads the screen (its own chunk). */
  load: () => Promise<ComponentType<ScreenProps>>;
  /** Shown in the navigation, in this order (lower first). */
  nav?: number;
  /** The screen shows decrypted record content: it needs the district key unlocked. */
  needsKey?: boolean;
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path = '', queryString = ''] = raw.split('?');
  return {
    segments: path
      .split('/')
      .filter(Boolean)
      .map((segment) => {
        try {
          return decodeURIComponent(segment);
        } catch {
          return segment;
        }
      }),
    query: new URLSearchParams(queryString),
  };
}

/** The first route of `table` whose pattern matches, with its parameters. */
export function matchRoute(
  table: readonly ConsoleRoute[],
  route: Route,
): { route: ConsoleRoute; params: Record<string, string> } | undefined {
  for (const candidate of table) {
    const parts = candidate.path.split('/').filter(Boolean);
    if (parts.length !== route.segments.length) continue;
    const params: Record<string, string> = {};
    const ok = parts.every((part, index) => {
      const segment = route.segments[index] ?? '';
      if (part.startsWith(':')) {
        params[part.slice(1)] = segment;
        return true;
      }
      return part === segment;
    });
    if (ok) return { route: candidate, params };
  }
  return undefined;
}

/** Whether an account holding `roles` may open `route`. */
export function allowed(route: ConsoleRoute, roles: readonly string[]): boolean {
  return route.roles.some((role) => roles.includes(role));
}

export function navigate(path: string, { replace = false } = {}): void {
  const hash = `#${path.startsWith('/') ? path : `/${path}`}`;
  if (replace) history.replaceState(null, '', hash);
  else history.pushState(null, '', hash);
  dispatchEvent(new HashChangeEvent('hashchange'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    addEventListener('popstate', onChange);
    return () => {
      removeEventListener('hashchange', onChange);
      removeEventListener('popstate', onChange);
    };
  }, []);
  return route;
}
