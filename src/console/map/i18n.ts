// The map's words (namespace `map`: indicator, breakdown and screen labels) join the console's
// i18next when a map screen's chunk loads: the console's entry stays free of them. Both languages
// are added at once, since the monthly report is always in Bahasa Indonesia whatever the UI shows.
import i18next from 'i18next';
import id from '../../../locales/id/map.json';
import en from '../../../locales/en/map.json';

export const MAP_NAMESPACE = 'map';

export function ensureMapWords(): void {
  if (!i18next.hasResourceBundle('id', MAP_NAMESPACE))
    i18next.addResourceBundle('id', MAP_NAMESPACE, id, true, true);
  if (!i18next.hasResourceBundle('en', MAP_NAMESPACE))
    i18next.addResourceBundle('en', MAP_NAMESPACE, en, true, true);
}

/** Bahasa Indonesia, for the monthly report. */
export function indonesian() {
  ensureMapWords();
  return i18next.getFixedT('id');
}

/** 'YYYY-MM' as "November 2026" in the given language. */
export function monthLabel(month: string, language = i18next.language): string {
  const [year, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'id-ID', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year ?? 2000, (m ?? 1) - 1, 1)));
}
