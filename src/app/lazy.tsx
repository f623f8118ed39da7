// Screens that are not on the first screen load as separate chunks (first-load budget, issue 2 §10).
// A chunk that fails to load (offline before the service worker cached it) says so in words.
import { h, type ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useT } from './i18n';

/**
 * A component that renders the one `load` resolves to, loading it on first render. `quiet` ones
 * (e.g. the update prompt) render nothing while loading or when their chunk is unavailable.
 */
export function lazy<P extends object>(
  load: () => Promise<ComponentType<P>>,
  { quiet = false } = {},
): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;

  return function Lazy(props: P) {
    const t = useT();
    const [component, setComponent] = useState<{ c: ComponentType<P> } | undefined>(
      loaded ? { c: loaded } : undefined,
    );
    const [failed, setFailed] = useState(false);

    useEffect(() => {
      if (component) return;
      let live = true;
      pending ??= load();
      pending.then(
        (c) => {
          loaded = c;
          if (live) setComponent({ c });
        },
        () => {
          pending = undefined; // Let a later render retry.
          if (live) setFailed(true);
        },
      );
      return () => {
        live = false;
      };
    }, [component]);

    if (component) return h(component.c, props);
    if (quiet) return null;
    if (failed) {
      return (
        <div class="page">
          <div class="notice notice-error" role="alert">
            <p>{t('app:lazy.failed')}</p>
            <button type="button" class="button" onClick={() => location.reload()}>
              {t('app:actions.reload')}
            </button>
          </div>
        </div>
      );
    }
    return (
      <p class="page muted" role="status">
        {t('app:loading')}
      </p>
    );
  };
}
