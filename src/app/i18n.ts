// Translation for the UI: i18next with Bahasa Indonesia first and English complete.
// Each language's namespaces are separate chunks, loaded on demand and precached by the SW.
import i18next from 'i18next';

export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'id';

/** Namespaces, one file each under locales/<lng>/. */
export const NAMESPACES = ['app', 'records', 'forms', 'sync', 'pwa', 'ui'] as const;
export type Namespace = (typeof NAMESPACES)[number];

// The console's namespace is the coordinator console's own: never bundled into the phone.
const localeFiles = import.meta.glob<{ default: Record<string, unknown> }>([
  '../../locales/*/*.json',
  '!../../locales/*/console.json',
]);

/**
 * Namespaces the first screen needs (welcome, lock screen, status, update prompt). The large
 * `records` and `forms` namespaces load with the screens that use them (first-load budget).
 */
export const BOOT_NAMESPACES: readonly Namespace[] = ['app', 'pwa', 'sync'];

// Namespaces some screen asked for; a language switch loads all of them in the new language.
const wanted = new Set<Namespace>(BOOT_NAMESPACES);

async function loadLanguage(
  lng: Language,
  namespaces: Iterable<Namespace> = wanted,
): Promise<void> {
  await Promise.all(
    [...namespaces].map(async (ns) => {
      if (i18next.hasResourceBundle(lng, ns)) return;
      const load = localeFiles[`../../locales/${lng}/${ns}.json`];
      if (!load) return;
      const mod = await load();
      i18next.addResourceBundle(lng, ns, mod.default, true, true);
    }),
  );
}

/** Load namespaces (in the current language and the fallback) before a screen that uses them. */
export async function ensureNamespaces(namespaces: readonly Namespace[]): Promise<void> {
  for (const ns of namespaces) wanted.add(ns);
  const lng = currentLanguage();
  await loadLanguage(lng, namespaces);
  if (lng !== DEFAULT_LANGUAGE) await loadLanguage(DEFAULT_LANGUAGE, namespaces);
}

/** Start i18next in the given language (loads only that language's files). */
export async function initI18n(lng: Language = DEFAULT_LANGUAGE): Promise<void> {
  if (!i18next.isInitialized) {
    await i18next.init({
      lng,
      fallbackLng: DEFAULT_LANGUAGE,
      ns: [...NAMESPACES],
      defaultNS: 'app',
      resources: {},
      interpolation: { escapeValue: false }, // Preact escapes text already.
      returnNull: false,
    });
  }
  await loadLanguage(lng);
  if (lng !== DEFAULT_LANGUAGE) await loadLanguage(DEFAULT_LANGUAGE);
  await i18next.changeLanguage(lng);
  document.documentElement.lang = lng;
}

/** Switch language at run time; callers persist the choice through src/data. */
export async function changeLanguage(lng: Language): Promise<void> {
  await loadLanguage(lng);
  if (lng !== DEFAULT_LANGUAGE) await loadLanguage(DEFAULT_LANGUAGE);
  await i18next.changeLanguage(lng);
  document.documentElement.lang = lng;
}

/** Whether `key` (with its namespace) has a text in the current language or the fallback. */
export function hasText(key: string): boolean {
  return i18next.exists(key);
}

export function currentLanguage(): Language {
  const lng = i18next.language as Language | undefined;
  return lng && (LANGUAGES as readonly string[]).includes(lng) ? lng : DEFAULT_LANGUAGE;
}

// Translation and formatting are shared with the console (src/ui/i18n.ts reads the same i18next).
export { formatDate, formatNumber, formatShortDate, t, useT } from '../ui/i18n';
