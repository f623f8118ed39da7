// Pasal 5 ayat (3): screening and psychosocial support need a trained profile; an untrained
// volunteer sees why, with the referral/report path (Pasal 7) and where to update training.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/preact';
import { t } from '../../../src/app/i18n';
import { RecordFormScreen } from '../../../src/app/records/form/RecordFormScreen';
import { freshApp, TRAINED_PROFILE, UNTRAINED_PROFILE } from './helpers';

describe('training gate', () => {
  afterEach(cleanup);

  it.each(['screening', 'psychosocial_support'] as const)(
    'an untrained volunteer opening %s gets the explanation and the referral path',
    async (kind) => {
      await freshApp(UNTRAINED_PROFILE);
      render(<RecordFormScreen kind={kind} />);
      expect(await screen.findByText(t('forms:gate.why'))).toBeTruthy();
      expect(t('forms:gate.why')).toContain('Pasal 5 ayat (3)');
      const referral = screen.getByRole('link', { name: t('forms:gate.startReferral') });
      expect(referral.getAttribute('href')).toBe('#/records/referral/new');
      const settings = screen.getByRole('link', { name: t('forms:gate.updateTraining') });
      expect(settings.getAttribute('href')).toBe('#/settings');
      expect(screen.queryByRole('navigation', { name: t('forms:form.sectionsLabel') })).toBeNull();
    },
  );

  it('the referral form is open to an untrained volunteer (Pasal 7)', async () => {
    await freshApp(UNTRAINED_PROFILE);
    render(<RecordFormScreen kind="referral" />);
    expect(
      await screen.findByRole('navigation', { name: t('forms:form.sectionsLabel') }),
    ).toBeTruthy();
  });

  it('a trained volunteer gets the screening form', async () => {
    await freshApp(TRAINED_PROFILE);
    render(<RecordFormScreen kind="screening" />);
    expect(
      await screen.findByRole('navigation', { name: t('forms:form.sectionsLabel') }),
    ).toBeTruthy();
    expect(screen.queryByText(t('forms:gate.why'))).toBeNull();
  });
});
