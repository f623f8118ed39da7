// Issue 8, form half: one-tap answers, errors as soon as a field or step is left, date bounds,
// counters and sums, prefilled defaults, copy-on-request, the glossary toggle and read-aloud.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { localToday } from '../../../src/domain/index';
import { listDrafts, saveRecord } from '../../../src/data/index';
import { t } from '../../../src/app/i18n';
import { RecordFormScreen } from '../../../src/app/records/form/RecordFormScreen';
import { errorDomId, fieldDomId } from '../../../src/app/records/form/model';
import { choose, control, freshApp, openSection, TRAINED_PROFILE } from './helpers';

const nav = () => screen.findByRole('navigation', { name: t('forms:form.sectionsLabel') });
const next = () => screen.getByRole('button', { name: t('forms:form.next'), exact: true });
/** Leaves a field the way focus moving on does (a bubbling focusout). */
const leave = (element: HTMLElement) =>
  element.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
const errorOf = (path: string) => document.getElementById(errorDomId(path))?.textContent ?? '';

describe('one-tap answers', { timeout: 30_000 }, () => {
  beforeEach(() => freshApp());
  afterEach(cleanup);

  it('yes / no / don’t know is a radio group of 48 px buttons, answered with one tap', async () => {
    render(<RecordFormScreen kind="migrant" />);
    await nav();
    choose('recordType', 'resident');
    openSection('migrant', 'recruitment');
    const group = screen.getByRole('group', { name: t('records:migrant.fields.debtToSponsor') });
    const radios = within(group).getAllByRole('radio');
    expect(radios.map((radio) => radio.closest('label')?.textContent)).toEqual([
      t('records:options.yes_no_unknown.yes'),
      t('records:options.yes_no_unknown.no'),
      t('records:options.yes_no_unknown.unknown'),
    ]);
    expect(group.querySelector('select')).toBeNull();
    // One tap answers it; the label (the 48 px target) carries the class that sizes it.
    fireEvent.click(
      within(group).getByRole('radio', { name: t('records:options.yes_no_unknown.yes') }),
    );
    expect(radios[0]!.closest('label')?.className).toContain('choice-button');
    await waitFor(async () => {
      const [draft] = await listDrafts('migrant');
      expect(draft?.payload.debtToSponsor).toBe('yes');
    });
    // No migrant recruitment question is a drop-down of three answers any more.
    expect(document.querySelectorAll('select').length).toBeLessThanOrEqual(2);
  });

  it('a yes/no question stores a boolean', async () => {
    render(<RecordFormScreen kind="screening" />);
    await nav();
    const group = control('immediateDanger');
    fireEvent.click(within(group).getByRole('radio', { name: t('forms:common.no') }));
    await waitFor(async () => {
      const [draft] = await listDrafts('screening');
      expect(draft?.payload.immediateDanger).toBe(false);
    });
  });
});

describe('errors early', { timeout: 30_000 }, () => {
  beforeEach(() => freshApp());
  afterEach(cleanup);

  it('a 15-digit NIK is flagged when the field is left, before any "finish"', async () => {
    render(<RecordFormScreen kind="migrant" />);
    await nav();
    choose('recordType', 'resident');
    openSection('migrant', 'identity');
    const nik = control('nik');
    fireEvent.input(nik, { target: { value: '331234567890123' } });
    // While typing: not yet.
    expect(errorOf('nik')).toBe('');
    leave(nik);
    await waitFor(() => expect(errorOf('nik')).toContain(t('records:errors.nik_digits')));
    expect(nik.getAttribute('aria-invalid')).toBe('true');
    // Leaving an empty required field does not shout "required" yet.
    leave(control('name'));
    expect(errorOf('name')).toBe('');
  });

  it('a birth date in the future is flagged on leaving it, and the picker ends today', async () => {
    render(<RecordFormScreen kind="migrant" />);
    await nav();
    choose('recordType', 'resident');
    openSection('migrant', 'identity');
    const birth = control('dateOfBirth') as HTMLInputElement;
    expect(birth.max).toBe(localToday());
    expect(birth.min).toBe('1900-01-01');
    fireEvent.input(birth, { target: { value: '2999-01-01' } });
    leave(birth);
    await waitFor(() =>
      expect(errorOf('dateOfBirth')).toContain(t('records:errors.birth_in_future')),
    );
  });

  it('"Berikutnya" stays on a step with problems, shows them and focuses the first', async () => {
    render(<RecordFormScreen kind="household_visit" />);
    await nav();
    fireEvent.click(next());
    await waitFor(() => expect(errorOf('householdName')).toContain(t('records:errors.required')));
    expect(screen.getByRole('heading', { level: 2 }).textContent).toContain(
      t('records:household_visit.sections.household'),
    );
    await waitFor(() => expect(document.activeElement).toBe(control('householdName')));
    fireEvent.input(control('householdName'), { target: { value: 'Keluarga Pak Darto' } });
    fireEvent.input(control('address.villageName'), { target: { value: 'Desa Contoh' } });
    fireEvent.click(next());
    await waitFor(() =>
      expect(screen.getByRole('heading', { level: 2 }).textContent).toContain(
        t('records:household_visit.sections.checklist'),
      ),
    );
  });

  it('participants that do not add up: the sum is shown and used with one tap', async () => {
    render(<RecordFormScreen kind="awareness_session" />);
    await nav();
    openSection('awareness_session', 'participants');
    const label = t('records:awareness_session.fields.participantGroups');
    fireEvent.click(screen.getByRole('button', { name: t('forms:form.addItem', { label }) }));
    for (const [key, value] of Object.entries({
      femaleAdult: 3,
      maleAdult: 4,
      femaleChild: 2,
      maleChild: 1,
    }))
      fireEvent.input(control(`participantGroups.0.${key}`), { target: { value: String(value) } });
    fireEvent.input(control('totalParticipants'), { target: { value: '12' } });
    leave(control('totalParticipants'));
    await waitFor(() => expect(errorOf('totalParticipants')).not.toBe(''));
    expect(screen.getByText(t('forms:participants.sum', { sum: 10 }))).toBeTruthy();
    fireEvent.click(
      screen.getByRole('button', { name: t('forms:participants.useSum', { sum: 10 }) }),
    );
    await waitFor(() =>
      expect((control('totalParticipants') as HTMLInputElement).value).toBe('10'),
    );
    await waitFor(() => expect(errorOf('totalParticipants')).toBe(''));
  });

  it('a long text shows how many characters it has and says when it is too long', async () => {
    render(<RecordFormScreen kind="household_visit" />);
    await nav();
    openSection('household_visit', 'follow_up');
    const notes = control('notes');
    const counter = document.getElementById(`${fieldDomId('notes')}-counter`)!;
    expect(notes.getAttribute('aria-describedby')).toContain(counter.id);
    fireEvent.input(notes, { target: { value: 'abc' } });
    await waitFor(() =>
      expect(counter.textContent).toBe(t('forms:form.counter', { count: 3, max: 4000 })),
    );
    fireEvent.input(notes, { target: { value: 'x'.repeat(4001) } });
    await waitFor(() => expect(counter.className).toContain('field-error'));
  });
});

describe('fewer taps: defaults and copies', { timeout: 30_000 }, () => {
  beforeEach(() => freshApp());
  afterEach(cleanup);

  it('a new visit starts today, in the volunteer’s village', async () => {
    render(<RecordFormScreen kind="household_visit" />);
    await nav();
    expect((control('visitDate') as HTMLInputElement).value).toBe(localToday());
    expect((control('address.villageName') as HTMLInputElement).value).toBe(
      TRAINED_PROFILE.villageName,
    );
  });

  it('an awareness session starts with the volunteer’s role as facilitator', async () => {
    render(<RecordFormScreen kind="awareness_session" />);
    await nav();
    const group = control('facilitatorRole');
    const chosen = group.tagName === 'SELECT' ? (group as HTMLSelectElement).value : '';
    expect(chosen).toBe(TRAINED_PROFILE.role);
  });

  it('a referral keeps the reporter confidential unless changed (item 10)', async () => {
    render(<RecordFormScreen kind="referral" />);
    await nav();
    openSection('referral', 'reporter');
    const yes = within(control('reporterIdentityConfidential')).getByRole('radio', {
      name: t('forms:common.yes'),
    }) as HTMLInputElement;
    expect(yes.checked).toBe(true);
    expect(document.getElementById(fieldDomId('reporterName'))).toBeNull();
  });

  it('a referral from a screening starts with its urgency and whom it was reported to; consent and notes only on request', async () => {
    const screeningId = '0190a0b0-0000-7000-8000-0000000000c1';
    await saveRecord({
      kind: 'screening',
      id: screeningId,
      schemaVersion: 1,
      payload: {
        screenedOn: '2025-05-12',
        consent: 'agreed',
        subjectInitials: 'R.A.',
        subjectAgeGroup: 'child',
        subjectSex: 'female',
        placeMet: 'after_return',
        immediateDanger: true,
        reportedTo: ['bhabinkamtibmas', 'uptd_ppa'],
        notes: 'Catatan rahasia identifikasi',
      },
    });
    render(<RecordFormScreen kind="referral" fromId={screeningId} />);
    await nav();
    const urgency = within(control('urgency')).getByRole('radio', {
      name: t('records:referral.options.urgency.emergency'),
    }) as HTMLInputElement;
    expect(urgency.checked).toBe(true);
    openSection('referral', 'target');
    for (const target of ['bhabinkamtibmas', 'uptd_ppa'])
      expect(
        (control('targets').querySelector(`input[value="${target}"]`) as HTMLInputElement).checked,
      ).toBe(true);
    // Notes are not copied on their own…
    openSection('referral', 'status');
    expect((control('notes') as HTMLTextAreaElement).value).toBe('');
    // …but offered on the first step, and copied with one tap.
    openSection('referral', 'case');
    const copy = screen.getByRole('button', {
      name: t('forms:copy.action', { label: t('records:screening.fields.notes') }),
    });
    fireEvent.click(copy);
    openSection('referral', 'status');
    await waitFor(() =>
      expect((control('notes') as HTMLTextAreaElement).value).toBe('Catatan rahasia identifikasi'),
    );
  });
});

describe('help beside the question', { timeout: 30_000 }, () => {
  beforeEach(() => freshApp());
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('"Apa artinya?" opens the glossary entry of a term in the question', async () => {
    render(<RecordFormScreen kind="migrant" />);
    await nav();
    choose('recordType', 'resident');
    openSection('migrant', 'recruitment');
    const group = control('jobOrderSeen');
    const toggle = within(group).getByRole('button', { name: t('forms:glossary.toggle') });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    const panel = document.getElementById(toggle.getAttribute('aria-controls')!)!;
    expect(panel.hidden).toBe(true);
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(panel.hidden).toBe(false);
    expect(panel.textContent).toContain(t('records:glossary.job_order.meaning'));
  });

  it('reads a question and its options aloud in Bahasa Indonesia with an installed voice', async () => {
    const spoken: { text: string; lang: string }[] = [];
    const voice = {
      lang: 'id-ID',
      localService: true,
      name: 'Indonesian',
      default: false,
      voiceURI: 'id',
    };
    vi.stubGlobal('speechSynthesis', {
      getVoices: () => [voice],
      speak: (u: { text: string; lang: string }) => spoken.push({ text: u.text, lang: u.lang }),
      cancel: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    });
    vi.stubGlobal(
      'SpeechSynthesisUtterance',
      class {
        lang = '';
        voice: unknown = null;
        rate = 1;
        constructor(public text: string) {}
      },
    );
    render(<RecordFormScreen kind="screening" />);
    await nav();
    const label = t('records:screening.fields.immediateDanger');
    fireEvent.click(screen.getByRole('button', { name: t('forms:speech.readLabel', { label }) }));
    expect(spoken).toHaveLength(1);
    expect(spoken[0]!.lang).toBe('id-ID');
    expect(spoken[0]!.text).toContain(label);
    expect(spoken[0]!.text).toContain(t('forms:common.yes'));
  });

  it('says plainly when the phone has no Indonesian voice', async () => {
    vi.stubGlobal('speechSynthesis', {
      getVoices: () => [{ lang: 'en-US', localService: true }],
      speak: () => undefined,
      cancel: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    });
    render(<RecordFormScreen kind="screening" />);
    await nav();
    expect(screen.getByText(t('forms:speech.status.no_voice'))).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Bacakan/ })).toBeNull();
  });
});
