// Hash routing: works from the precached shell offline with no server rewrites.
// Routes: #/ home · #/records/<kind> list · #/records/<kind>/new[?from=<id>] new form ·
// #/record/<id> detail · #/record/<id>/edit · #/settings[/<section>] · #/contacts · #/search[?q=<words>] · #/enroll
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  /** Path segments after `#/`, e.g. ['records', 'migrant', 'new']. */
  segments: string[];
  query: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path = '', queryString = ''] = raw.split('?');
  return {
    segments: path.split('/').filter(Boolean).map(decodeURIComponent),
    query: new URLSearchParams(queryString),
  };
}

export function currentRoute(): Route {
  return parseRoute(location.hash);
}

/** Go to a route such as `/records/migrant`. */
export function navigate(path: string, { replace = false } = {}): void {
  const hash = `#${path.startsWith('/') ? path : `/${path}`}`;
  if (replace) history.replaceState(null, '', hash);
  else history.pushState(null, '', hash);
  dispatchEvent(new HashChangeEvent('hashchange'));
}

/** The current route, updated on navigation. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => ({ hash: location.hash, route: currentRoute() }));
  useEffect(() => {
    const onChange = () =>
      setRoute((shown) =>
        shown.hash === location.hash ? shown : { hash: location.hash, route: currentRoute() },
      );
    addEventListener('hashchange', onChange);
    addEventListener('popstate', onChange);
    // The address may have changed between the first render and this effect (a tap, a link from
    // another app, right after unlock): the event is gone by now, so catch up once.
    onChange();
    return () => {
      removeEventListener('hashchange', onChange);
      removeEventListener('popstate', onChange);
    };
  }, []);
  return route.route;
}
