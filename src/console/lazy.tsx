// Loads a route's screen (its own chunk) on first use, and says so in words if it cannot.
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useT } from './i18n';
import type { ConsoleRoute, ScreenProps } from './router';

const loaded = new Map<ConsoleRoute, ComponentType<ScreenProps>>();

export function LazyScreen({ route, props }: { route: ConsoleRoute; props: ScreenProps }) {
  const t = useT();
  const [screen, setScreen] = useState(() => loaded.get(route));
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const known = loaded.get(route);
    if (known) {
      setScreen(() => known);
      return;
    }
    let live = true;
    setScreen(undefined);
    setFailed(false);
    route.load().then(
      (component) => {
        loaded.set(route, component);
        if (live) setScreen(() => component);
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [route]);
  if (failed) return <p role="alert">{t('console:errors.chunk')}</p>;
  if (!screen) return <p aria-busy="true">{t('console:common.loading')}</p>;
  const Screen = screen;
  return <Screen {...props} />;
}
