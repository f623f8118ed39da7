// The detail screen: triage of a screening with what to do, follow-up links that prefill a new
// record, households of a session that become visit drafts, and delete as a tombstone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { getDeclaration } from '../../../src/domain/index';
import { assessRisk } from '../../../src/domain/triage';
import {
  applyPushResults,
  applyPushResultsV2,
  getRecord,
  markSending,
  listDrafts,
  newRecordId,
  saveLocalContact,
  saveRecord,
} from '../../../src/data/index';
import { t } from '../../../src/app/i18n';
import { RecordDetailScreen } from '../../../src/app/records/detail/RecordDetailScreen';
import { RecordFormScreen } from '../../../src/app/records/form/RecordFormScreen';
import { summaryOf } from '../../../src/app/records/recordText';
import { rejectionIssues } from '../../../src/app/records/syncText';
import type { Payload } from '../../../src/app/records/form/model';
import { control, freshApp, openSection } from './helpers';

const example = (kind: Parameters<typeof getDeclaration>[0], index = 0) =>
  structuredClone(getDeclaration(kind)!.examples[index]) as Payload;

describe('record detail', { timeout: 20_000 }, () => {
  beforeEach(() => freshApp());
  afterEach(cleanup);

  it('a high-risk screening shows TINGGI in words, its reasons, and report-now links', async () => {
    // An adult with every element (the example is a child: see the next test for that order).
    const payload = { ...example('screening', 0), subjectAge: 19, subjectAgeGroup: 'adult' };
    expect(assessRisk(payload).level).toBe('tinggi');
    await saveLocalContact({
      id: newRecordId(),
      category: 'bhabinkamtibmas',
      name: 'Bripka Santoso',
      phone: '0812-3456-7890',
      whatsapp: '0812-3456-7890',
    });
    const record = await saveRecord({ kind: 'screening', payload });
    render(<RecordDetailScreen id={record.id} />);

    const panel = await screen.findByRole('region', { name: t('forms:triage.title') });
    expect(panel.getAttribute('data-risk-level')).toBe('tinggi');
    expect(within(panel).getByText(t('forms:triage.level.tinggi'))).toBeTruthy();
    for (const reason of assessRisk(payload).reasons) {
      expect(within(panel).getByText(t(`records:${reason}`))).toBeTruthy();
    }
    expect(within(panel).getByText(t('forms:triage.reportNow'))).toBeTruthy();
    const hrefs = within(panel)
      .getAllByRole('link')
      .map((link) => link.getAttribute('href'));
    expect(hrefs).toContain('tel:110');
    expect(hrefs).toContain('tel:129');
    expect(hrefs).toContain('https://wa.me/628111129129');
    await waitFor(() => {
      const links = within(panel)
        .getAllByRole('link')
        .map((link) => link.getAttribute('href'));
      expect(links).toContain('tel:081234567890');
      expect(links).toContain('https://wa.me/6281234567890');
    });
    expect(hrefs).toContain(`#/records/referral/new?from=${record.id}`);
    for (const channel of ['in_person', 'complaint_service', 'online', 'other_official']) {
      expect(within(panel).getByText(t(`forms:triage.channels.${channel}`))).toBeTruthy();
    }
    // Issue 8 item 3: whom to call comes first — the local Bhabinkamtibmas, then 110, then 129 —
    // and the call links stand before the list of reasons.
    const calls = within(panel)
      .getAllByRole('link')
      .map((link) => link.getAttribute('href'))
      .filter((href) => href?.startsWith('tel:'));
    expect(calls.slice(0, 3)).toEqual(['tel:081234567890', 'tel:110', 'tel:129']);
    const reportNow = within(panel).getByTestId('report-now');
    const reasons = within(panel).getByTestId('triage-reasons');
    expect(
      reportNow.compareDocumentPosition(reasons) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    const firstCall = within(reportNow).getAllByRole('link')[0]!;
    expect(
      firstCall.compareDocumentPosition(reasons) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
  });

  it('a child in a high-risk screening: UPTD PPA and SAPA 129 before the police', async () => {
    await saveLocalContact({
      id: newRecordId(),
      category: 'polsek',
      name: 'Polsek Kota',
      phone: '0380-111222',
    });
    await saveLocalContact({
      id: newRecordId(),
      category: 'uptd_ppa',
      name: 'UPTD PPA Kupang',
      phone: '0380-333444',
    });
    const payload = { ...example('screening', 0), subjectAgeGroup: 'child', subjectAge: 15 };
    const record = await saveRecord({ kind: 'screening', payload });
    render(<RecordDetailScreen id={record.id} />);
    const panel = await screen.findByRole('region', { name: t('forms:triage.title') });
    await waitFor(() => {
      const calls = within(panel)
        .getAllByRole('link')
        .map((link) => link.getAttribute('href'))
        .filter((href) => href?.startsWith('tel:'));
      expect(calls.slice(0, 4)).toEqual(['tel:0380333444', 'tel:129', 'tel:0380111222', 'tel:110']);
    });
  });

  it('danger answered yes: at once what to do and whom to call, local first; the rest later', async () => {
    await saveLocalContact({
      id: newRecordId(),
      category: 'bhabinkamtibmas',
      name: 'Bripka Santoso',
      phone: '0812-3456-7890',
    });
    render(<RecordFormScreen kind="screening" />);
    await screen.findByRole('navigation', { name: t('forms:form.sectionsLabel') });
    expect(screen.queryByRole('region', { name: t('forms:emergency.title') })).toBeNull();
    openSection('screening', 'danger');
    const danger = control('immediateDanger');
    fireEvent.click(danger.querySelectorAll('input[type="radio"]')[0]!);
    const panel = await screen.findByRole('region', { name: t('forms:emergency.title') });
    expect(within(panel).getByText(t('forms:emergency.stepSafe'))).toBeTruthy();
    expect(within(panel).getByText(t('forms:emergency.ifChild'))).toBeTruthy();
    await waitFor(() => {
      const calls = within(panel)
        .getAllByRole('link')
        .map((link) => link.getAttribute('href'))
        .filter((href) => href?.startsWith('tel:'));
      expect(calls.slice(0, 3)).toEqual(['tel:081234567890', 'tel:110', 'tel:129']);
    });
    // Nothing else is required before moving on: the next step opens and keeps the risk in view.
    fireEvent.click(screen.getByRole('button', { name: t('forms:form.next') }));
    expect(
      await screen.findByRole('heading', {
        name: new RegExp(t('records:screening.sections.subject')),
      }),
    ).toBeTruthy();
    expect(screen.getByText(t('forms:triage.level.tinggi'))).toBeTruthy();
    expect(
      screen
        .getByRole('link', { name: t('forms:contacts.call', { number: '110' }) })
        .getAttribute('href'),
    ).toBe('tel:110');
  });

  it('a low-risk screening shows RENDAH and the guidance to continue identification', async () => {
    const payload = example('screening', 1);
    expect(assessRisk(payload).level).toBe('rendah');
    const record = await saveRecord({ kind: 'screening', payload });
    render(<RecordDetailScreen id={record.id} />);
    const panel = await screen.findByRole('region', { name: t('forms:triage.title') });
    expect(within(panel).getByText(t('forms:triage.level.rendah'))).toBeTruthy();
    expect(within(panel).getByText(t('forms:triage.todo.rendah'))).toBeTruthy();
    expect(within(panel).queryByText(t('forms:triage.reportNow'))).toBeNull();
    expect(within(panel).queryAllByRole('link')).toHaveLength(0);
  });

  it('shows every filled field with its label and option labels', async () => {
    const payload = example('household_visit');
    const record = await saveRecord({ kind: 'household_visit', payload });
    render(<RecordDetailScreen id={record.id} />);
    expect(await screen.findByText(t('records:household_visit.fields.householdName'))).toBeTruthy();
    expect(screen.getByText(String(payload.householdName))).toBeTruthy();
    const firstSign = (payload.warningSigns as string[])[0]!;
    const signLabel = t(`records:household_visit.options.warningSigns.${firstSign}`);
    expect(
      screen.getByText(new RegExp(signLabel.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))),
    ).toBeTruthy();
  });

  it('a visit with warning signs offers a screening and a referral prefilled from it', async () => {
    const payload = example('household_visit');
    expect((payload.warningSigns as string[]).length).toBeGreaterThan(0);
    const visit = await saveRecord({ kind: 'household_visit', payload });
    render(<RecordDetailScreen id={visit.id} />);
    expect(await screen.findByText(t('forms:followUp.warningSigns'))).toBeTruthy();
    const referral = screen.getByRole('link', {
      name: t('forms:followUp.start', { kind: t('forms:kinds.referral') }),
    });
    expect(referral.getAttribute('href')).toBe(`#/records/referral/new?from=${visit.id}`);
    expect(
      screen
        .getByRole('link', {
          name: t('forms:followUp.start', { kind: t('forms:kinds.screening') }),
        })
        .getAttribute('href'),
    ).toBe(`#/records/screening/new?from=${visit.id}`);
    cleanup();

    // Following the links: the referral starts linked to the visit, the screening to its migrant.
    const migrantId = (payload.migrantIds as string[])[0]!;
    const migrant = await saveRecord({
      kind: 'migrant',
      id: migrantId,
      payload: example('migrant'),
    });
    render(<RecordFormScreen kind="referral" fromId={visit.id} />);
    const links = await waitFor(() => control('linkedRecordIds'));
    await waitFor(() => expect(links.textContent).toContain(summaryOf(visit)));
    cleanup();
    render(<RecordFormScreen kind="screening" fromId={visit.id} />);
    // The screening asks "in danger now?" first; the linked resident is on the next step.
    await screen.findByRole('navigation', { name: t('forms:form.sectionsLabel') });
    openSection('screening', 'subject');
    const migrantLinks = await waitFor(() => control('migrantIds'));
    await waitFor(() => expect(migrantLinks.textContent).toContain(summaryOf(migrant)));
  });

  it("one tap turns a session's household into a household_visit draft and opens it", async () => {
    const payload = example('awareness_session');
    const session = await saveRecord({ kind: 'awareness_session', payload });
    render(<RecordDetailScreen id={session.id} />);
    const household = (payload.householdsToVisit as { householdName: string }[])[0]!;
    fireEvent.click(
      await screen.findByRole('button', {
        name: t('forms:followUp.createVisit', { name: household.householdName }),
      }),
    );
    const draft = await waitFor(async () => {
      const [found] = await listDrafts('household_visit');
      expect(found).toBeDefined();
      return found!;
    });
    expect(draft.payload.householdName).toBe(household.householdName);
    expect(location.hash).toBe(`#/records/household_visit/new?from=${draft.id}`);
    cleanup();

    render(<RecordFormScreen kind="household_visit" fromId={draft.id} />);
    await waitFor(() =>
      expect((control('householdName') as HTMLInputElement).value).toBe(household.householdName),
    );
  });

  it("shows the server's reason when a record needs attention, as it arrives", async () => {
    const record = await saveRecord({ kind: 'migrant', payload: example('migrant') });
    render(<RecordDetailScreen id={record.id} />);
    expect(await screen.findByText(t('sync:recordState.pending'))).toBeTruthy();
    await markSending([{ id: record.id, rev: record.rev }]);
    await applyPushResults([
      {
        id: record.id,
        rev: record.rev,
        status: 'rejected',
        error: {
          code: 'invalid',
          message: 'payload invalid',
          issues: [{ path: 'nik', message: 'errors.nik_digits' }],
        },
      },
    ]);
    expect(await screen.findByText(t('sync:recordState.rejected'))).toBeTruthy();
    const notice = screen.getByRole('region', { name: t('sync:rejectionLabels.title') });
    expect(within(notice).getByText(t('sync:rejection.invalid'))).toBeTruthy();
    expect(within(notice).getByText(t('sync:rejectionTodo.invalid'))).toBeTruthy();
    expect(
      within(notice).getByText(
        `${t('records:migrant.fields.nik')}: ${t('records:errors.nik_digits')}`,
      ),
    ).toBeTruthy();
  });

  it('a v2 rejection reads as Indonesian sentences, never as i18n keys or server English', async () => {
    const record = await saveRecord({ kind: 'screening', payload: example('screening') });
    render(<RecordDetailScreen id={record.id} />);
    expect(await screen.findByText(t('sync:recordState.pending'))).toBeTruthy();
    await markSending([{ id: record.id, rev: record.rev }]);
    // What POST /api/v2/sync/push answers for meta the server's declaration refuses.
    await applyPushResultsV2([
      {
        id: record.id,
        rev: record.rev,
        status: 'rejected',
        error: {
          code: 'invalid_meta',
          message: 'The clear meta does not match the kind’s meta schema; see issues.',
          issues: [
            { path: 'meta.riskLevel', message: 'Invalid option: expected one of "rendah"' },
            { path: 'meta.week', message: 'errors.too_long' },
          ],
        },
      },
    ]);
    const notice = await screen.findByRole('region', { name: t('sync:rejectionLabels.title') });
    expect(within(notice).getByText(t('sync:rejection.invalid_meta'))).toBeTruthy();
    expect(within(notice).getByText(t('sync:rejectionTodo.invalid_meta'))).toBeTruthy();
    // Both issues become the one plain sentence (a key with a missing {{max}} is not shown).
    expect(within(notice).getAllByText(t('sync:rejectionIssue'))).toHaveLength(1);
    const text = notice.textContent ?? '';
    expect(text).not.toMatch(/\b(errors|sync|records|forms)[.:]\w/);
    expect(text).not.toContain('{{');
    expect(text).not.toContain('meta schema');
    expect(text).not.toContain('Invalid option');
    // The raw code only for the coordinator, folded away.
    expect(
      within(notice).getByText(t('sync:rejectionLabels.code', { code: 'invalid_meta' })),
    ).toBeTruthy();
  });

  it('a payload the phone itself refuses names the field and the rule, with its numbers', () => {
    const declaration = getDeclaration('migrant')!;
    const payload = { ...example('migrant'), nik: '12345' };
    const lines = rejectionIssues(
      {
        kind: 'migrant',
        schemaVersion: declaration.schemaVersion,
        payload,
        // Nothing usable stored: the phone's own check finds the field again.
        syncError: { code: 'invalid', message: 'refused', issues: [] },
      },
      declaration.fields,
    );
    expect(lines).toEqual([
      `${t('records:migrant.fields.nik')}: ${t('records:errors.nik_digits')}`,
    ]);
  });

  it('delete asks for confirmation, then leaves a tombstone', async () => {
    const record = await saveRecord({ kind: 'migrant', payload: example('migrant') });
    render(<RecordDetailScreen id={record.id} />);
    fireEvent.click(await screen.findByRole('button', { name: t('forms:detail.delete') }));
    const dialog = screen.getByRole('alertdialog', { name: t('forms:detail.deleteTitle') });
    await waitFor(() => expect(document.activeElement).toBe(dialog));

    fireEvent.click(within(dialog).getByRole('button', { name: t('forms:common.cancel') }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    const deleteButton = screen.getByRole('button', { name: t('forms:detail.delete') });
    await waitFor(() => expect(document.activeElement).toBe(deleteButton));
    expect((await getRecord(record.id))?.deleted).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: t('forms:detail.delete') }));
    fireEvent.click(
      within(screen.getByRole('alertdialog')).getByRole('button', {
        name: t('forms:detail.confirmDelete'),
      }),
    );
    await waitFor(() => expect(location.hash).toBe('#/records/migrant'));
    const tombstone = await getRecord(record.id);
    expect(tombstone?.deleted).toBe(true);
    expect(tombstone?.payload).toEqual({});
    expect(tombstone?.rev).toBe(record.rev + 1);
    expect(tombstone?.syncState).toBe('pending');
  });
});
