// i18next for the console: the same locales/ as the phone, Bahasa Indonesia first, English
// complete. The console's own words are the `console` namespace; record labels come from
// `records`, the shared rendering's words from `ui`. The language choice (never content) is kept
// in localStorage.
import i18next from 'i18next';

export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'id';
const NAMESPACES = ['console', 'records', 'ui'] as const;
const STORAGE_KEY = 'jejaring-console-language';

const localeFiles = import.meta.glob<{ default: Record<string, unknown> }>([
  '../../locales/*/console.json',
  '../../locales/*/records.json',
  '../../locales/*/ui.json',
]);

async function loadLanguage(lng: Language): Promise<void> {
  await Promise.all(
    NAMESPACES.map(async (ns) => {
      if (i18next.hasResourceBundle(lng, ns)) return;
      const load = localeFiles[`../../locales/${lng}/${ns}.json`];
      if (!load) return;
      i18next.addResourceBundle(lng, ns, (await load()).default, true, true);
    }),
  );
}

export function rememberedLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored && (LANGUAGES as readonly string[]).includes(stored)) return stored as Language;
  } catch {
    // Storage may be off; the default language is fine.
  }
  return DEFAULT_LANGUAGE;
}

export async function initI18n(lng: Language = rememberedLanguage()): Promise<void> {
  if (!i18next.isInitialized) {
    await i18next.init({
      lng,
      fallbackLng: DEFAULT_LANGUAGE,
      ns: [...NAMESPACES],
      defaultNS: 'console',
      resources: {},
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  }
  await changeLanguage(lng);
}

export async function changeLanguage(lng: Language): Promise<void> {
  await loadLanguage(lng);
  if (lng !== DEFAULT_LANGUAGE) await loadLanguage(DEFAULT_LANGUAGE);
  await i18next.changeLanguage(lng);
  document.documentElement.lang = lng;
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // Not remembered; still switched.
  }
}

export function currentLanguage(): Language {
  const lng = i18next.language;
  return (LANGUAGES as readonly string[]).includes(lng) ? (lng as Language) : DEFAULT_LANGUAGE;
}

export { formatDate, formatNumber, t, useT } from '../ui/i18n';
