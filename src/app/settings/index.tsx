// Settings, lazy-loaded: language, profile, storage, enrollment, sync log, backup, about and
// deleting all data. Each section has its own route (#/settings/<section>).
import type { ComponentType } from 'preact';
import { useT } from '../i18n';
import { AboutSection } from './AboutSection';
import { BackupSection } from './BackupSection';
import { LanguageSection } from './LanguageSection';
import { ProfileSection } from './ProfileSection';
import { RetentionSection } from './RetentionSection';
import { SecuritySection } from './SecuritySection';
import { StorageSection } from './StorageSection';
import { SyncLogSection } from './SyncLogSection';
import { WipeSection } from './WipeSection';

export { EnrollScreen } from './EnrollScreen';

const SECTIONS: Record<string, ComponentType> = {
  language: LanguageSection,
  profile: ProfileSection,
  security: SecuritySection,
  retention: RetentionSection,
  storage: StorageSection,
  synclog: SyncLogSection,
  backup: BackupSection,
  about: AboutSection,
  wipe: WipeSection,
};

/** Order of the links on the settings page (enrollment and contacts have their own routes). */
const LINKS: readonly { href: string; key: string }[] = [
  { href: '#/settings/profile', key: 'profile' },
  { href: '#/settings/security', key: 'security' },
  { href: '#/settings/retention', key: 'retention' },
  { href: '#/settings/storage', key: 'storage' },
  { href: '#/enroll', key: 'enroll' },
  { href: '#/contacts', key: 'contacts' },
  { href: '#/settings/synclog', key: 'synclog' },
  { href: '#/settings/backup', key: 'backup' },
  { href: '#/settings/about', key: 'about' },
  { href: '#/settings/wipe', key: 'wipe' },
];

export function SettingsScreen({ section }: { section?: string }) {
  const t = useT();
  const Section = section ? SECTIONS[section] : undefined;
  if (Section) {
    return (
      <div class="page">
        <p>
          <a href="#/settings">{t('app:settings.back')}</a>
        </p>
        <h1 tabIndex={-1}>{t(`app:settings.sections.${section}`)}</h1>
        <Section />
      </div>
    );
  }
  return (
    <div class="page">
      <h1 tabIndex={-1}>{t('app:settings.title')}</h1>
      <h2>{t('app:settings.sections.language')}</h2>
      <LanguageSection />
      <nav aria-label={t('app:settings.title')}>
        <ul class="list">
          {LINKS.map((link) => (
            <li key={link.key}>
              <a href={link.href}>
                <span>
                  <strong>{t(`app:settings.sections.${link.key}`)}</strong>
                  <br />
                  <span class="muted">{t(`app:settings.descriptions.${link.key}`)}</span>
                </span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}
