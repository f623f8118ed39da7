// Translation and formatting for components shared by the phone app and the console. Both boot
// i18next themselves (with their own locale loading); this module only reads the active
// instance, so it has no knowledge of how or where the locale files are bundled.
import i18next, { type TOptions } from 'i18next';
import { useEffect, useState } from 'preact/hooks';

/** Namespace of the shared components' own texts (`locales/<lng>/ui.json`). */
export const UI_NAMESPACE = 'ui';

const LOCALE_TAGS: Record<string, string> = { id: 'id-ID', en: 'en-GB' };

/** BCP 47 tag of the active language for Intl (Bahasa Indonesia when unknown). */
export function localeTag(): string {
  return LOCALE_TAGS[i18next.language ?? 'id'] ?? 'id-ID';
}

/** Translate a key such as `records:migrant.fields.name` or `ui:yes`. */
export function t(key: string, options?: TOptions): string {
  return i18next.t(key, options) as string;
}

/** Re-render the calling component when the language changes; returns `t`. */
export function useT(): typeof t {
  const [, setLng] = useState(i18next.language);
  useEffect(() => {
    const onChange = (lng: string) => setLng(lng);
    i18next.on('languageChanged', onChange);
    return () => i18next.off('languageChanged', onChange);
  }, []);
  return t;
}

/** A date (`YYYY-MM-DD`, read as a calendar day) or timestamp for people, in the active language. */
export function formatDate(iso: string, withTime = false): string {
  const date = iso.length === 10 ? new Date(`${iso}T00:00:00`) : new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(localeTag(), {
    dateStyle: 'medium',
    ...(withTime ? { timeStyle: 'short' } : {}),
  }).format(date);
}

/** A short day ("2 Des") for list lines and home, in the active language. */
export function formatShortDate(iso: string): string {
  const date = new Date(`${iso.slice(0, 10)}T00:00:00`);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(localeTag(), { day: 'numeric', month: 'short' }).format(date);
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(localeTag()).format(value);
}
