// One household, one place: a record's page lists the other records of its household grouped by
// kind (a screening's subject without her name), and one search finds records of every kind.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { getDeclaration } from '../../../src/domain/index';
import { saveRecord } from '../../../src/data/index';
import { t } from '../../../src/app/i18n';
import { RecordDetailScreen } from '../../../src/app/records/detail/RecordDetailScreen';
import { SearchScreen } from '../../../src/app/records/search/SearchScreen';
import type { Payload } from '../../../src/app/records/form/model';
import { freshApp } from './helpers';

const example = (kind: Parameters<typeof getDeclaration>[0], index = 0) =>
  structuredClone(getDeclaration(kind)!.examples[index]) as Payload;

/** A visit, the resident migrant it names, and a screening of that migrant. */
async function household() {
  const migrant = await saveRecord({
    kind: 'migrant',
    payload: {
      ...example('migrant'),
      name: 'Sulastri Wijaya',
      address: { ...(example('migrant').address as object), villageName: 'Desa Sukamaju' },
    },
  });
  const visit = await saveRecord({
    kind: 'household_visit',
    payload: {
      ...example('household_visit'),
      householdName: 'Keluarga Darto',
      address: { ...(example('household_visit').address as object), villageName: 'Desa Sukamaju' },
      migrantIds: [migrant.id],
    },
  });
  const screening = await saveRecord({
    kind: 'screening',
    payload: {
      ...example('screening'),
      subjectInitials: 'SW',
      area: { provinceCode: '33', villageName: 'Desa Sukamaju' },
      migrantIds: [migrant.id],
      referralIds: [],
    },
  });
  // Another family in another place: never listed.
  const other = example('household_visit');
  delete other.migrantIds;
  await saveRecord({
    kind: 'household_visit',
    payload: {
      ...other,
      householdName: 'Keluarga Lain',
      address: { ...(other.address as object), detail: 'RT 09' },
    },
  });
  return { migrant, visit, screening };
}

describe('household', { timeout: 20_000 }, () => {
  beforeEach(() => freshApp());
  afterEach(cleanup);

  it("a visit's page lists its migrant and the migrant's screening, grouped by kind", async () => {
    const { migrant, visit, screening } = await household();
    render(<RecordDetailScreen id={visit.id} />);
    const section = await screen.findByRole('region', { name: t('forms:household.title') });
    const migrants = await within(section).findByRole('region', {
      name: new RegExp(t('forms:kinds.migrant')),
    });
    const migrantLink = within(migrants).getByRole('link');
    expect(migrantLink.getAttribute('href')).toBe(`#/record/${migrant.id}`);
    expect(migrantLink.textContent).toContain('Sulastri Wijaya');
    const screenings = within(section).getByRole('region', {
      name: new RegExp(t('forms:kinds.screening')),
    });
    const screeningLink = within(screenings).getByRole('link');
    expect(screeningLink.getAttribute('href')).toBe(`#/record/${screening.id}`);
    // A possible victim's name is not on a screen the family may see.
    expect(screeningLink.textContent).not.toContain('Sulastri');
    expect(screeningLink.textContent).not.toContain('SW');
    expect(section.textContent).not.toContain('Keluarga Lain');
    expect(within(section).getAllByRole('link')).toHaveLength(2);
  });

  it("the screening's page lists the visit and the migrant (the rule is both ways)", async () => {
    const { migrant, visit, screening } = await household();
    render(<RecordDetailScreen id={screening.id} />);
    const section = await screen.findByRole('region', { name: t('forms:household.title') });
    await within(section).findAllByRole('link');
    const hrefs = within(section)
      .getAllByRole('link')
      .map((link) => link.getAttribute('href'));
    expect(hrefs.sort()).toEqual([`#/record/${migrant.id}`, `#/record/${visit.id}`].sort());
    expect(section.textContent).toContain('Keluarga Darto');
  });

  it('a record alone says so; a session has no household section', async () => {
    const alone = await saveRecord({ kind: 'referral', payload: example('referral') });
    render(<RecordDetailScreen id={alone.id} />);
    expect(await screen.findByText(t('forms:household.none'))).toBeTruthy();
    cleanup();
    const session = await saveRecord({
      kind: 'awareness_session',
      payload: example('awareness_session'),
    });
    render(<RecordDetailScreen id={session.id} />);
    await screen.findByRole('heading', { level: 1 });
    expect(screen.queryByRole('region', { name: t('forms:household.title') })).toBeNull();
  });

  it('one search (a desa) finds records of every kind, grouped by kind, without a victim’s name', async () => {
    const { migrant, screening } = await household();
    render(<SearchScreen />);
    fireEvent.input(screen.getByLabelText(t('forms:search.label')), {
      target: { value: 'sukamaju' },
    });
    const migrants = await screen.findByRole(
      'region',
      { name: new RegExp(t('forms:kinds.migrant')) },
      { timeout: 3000 },
    );
    expect(within(migrants).getByRole('link').getAttribute('href')).toBe(`#/record/${migrant.id}`);
    const screenings = screen.getByRole('region', { name: new RegExp(t('forms:kinds.screening')) });
    const link = within(screenings).getByRole('link');
    expect(link.getAttribute('href')).toBe(`#/record/${screening.id}`);
    expect(link.textContent).not.toContain('Sulastri');
    const visits = screen.getByRole('region', {
      name: new RegExp(t('forms:kinds.household_visit')),
    });
    expect(within(visits).getByRole('link').textContent).toContain('Keluarga Darto');
    expect(screen.getByRole('status').textContent).toBe(t('forms:search.count', { count: 3 }));
    expect(location.hash).toBe('#/search?q=sukamaju');

    fireEvent.input(screen.getByLabelText(t('forms:search.label')), {
      target: { value: 'tidak ada nama seperti ini' },
    });
    expect(await screen.findByText(t('forms:search.none'), {}, { timeout: 3000 })).toBeTruthy();
  });
});
