// The contacts directory: national contacts with their sources and tap-to-call/WhatsApp links,
// local contacts added (validated), edited and deleted, all from the phone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { NATIONAL_CONTACTS } from '../../../src/domain/contacts';
import { listLocalContacts } from '../../../src/data/index';
import { t } from '../../../src/app/i18n';
import { ContactsScreen } from '../../../src/app/records/contacts/ContactsScreen';
import { errorDomId } from '../../../src/app/records/form/model';
import { control, freshApp } from './helpers';

describe('contacts directory', { timeout: 20_000 }, () => {
  beforeEach(() => freshApp());
  afterEach(cleanup);

  it('shows the national contacts with their source and call links', () => {
    render(<ContactsScreen />);
    for (const contact of NATIONAL_CONTACTS) {
      const card = screen.getByRole('article', { name: t(`records:${contact.nameKey}`) });
      expect(
        within(card).getByText(t('forms:contacts.source', { source: contact.source })),
      ).toBeTruthy();
      const hrefs = within(card)
        .getAllByRole('link')
        .map((link) => link.getAttribute('href'));
      expect(hrefs.some((href) => href?.startsWith('tel:'))).toBe(true);
    }
    const police = screen.getByRole('article', {
      name: t('records:contacts.national.police_110.name'),
    });
    expect(within(police).getByRole('link').getAttribute('href')).toBe('tel:110');
  });

  it('adds a local contact after validation, then edits and deletes it', async () => {
    render(<ContactsScreen />);
    fireEvent.click(screen.getByRole('button', { name: t('forms:contacts.add') }));
    fireEvent.change(control('category'), { target: { value: 'uptd_ppa' } });
    fireEvent.input(control('name'), { target: { value: 'UPTD PPA Kabupaten' } });
    fireEvent.input(control('phone'), { target: { value: 'abc' } });
    fireEvent.click(screen.getByRole('button', { name: t('forms:common.save') }));
    await waitFor(() =>
      expect(document.getElementById(errorDomId('phone'))?.textContent).toBe(
        t('records:errors.phone'),
      ),
    );
    expect(document.activeElement).toBe(control('phone'));
    expect(await listLocalContacts()).toEqual([]);

    fireEvent.input(control('phone'), { target: { value: '0281-123456' } });
    fireEvent.click(screen.getByRole('button', { name: t('forms:common.save') }));
    const card = await screen.findByRole('article', { name: 'UPTD PPA Kabupaten' });
    expect(within(card).getByRole('link').getAttribute('href')).toBe('tel:0281123456');
    expect(within(card).getByText(t('records:contacts.categories.uptd_ppa'))).toBeTruthy();

    fireEvent.click(within(card).getByRole('button', { name: new RegExp(t('forms:common.edit')) }));
    fireEvent.input(control('name'), { target: { value: 'UPTD PPA Cilacap' } });
    fireEvent.click(screen.getByRole('button', { name: t('forms:common.save') }));
    await screen.findByRole('article', { name: 'UPTD PPA Cilacap' });
    expect(await listLocalContacts()).toHaveLength(1);

    const edited = screen.getByRole('article', { name: 'UPTD PPA Cilacap' });
    fireEvent.click(
      within(edited).getByRole('button', { name: new RegExp(t('forms:common.delete')) }),
    );
    fireEvent.click(within(edited).getByRole('button', { name: t('forms:detail.confirmDelete') }));
    await waitFor(() =>
      expect(screen.queryByRole('article', { name: 'UPTD PPA Cilacap' })).toBeNull(),
    );
    expect(await listLocalContacts()).toEqual([]);
  });
});
