// Bad input never finishes a record: the error is shown next to its field in the user's
// language, focus moves to that field, and the draft is kept as typed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import type { RecordKind } from '../../../src/domain/envelope';
import { getDeclaration, validateForFinish } from '../../../src/domain/index';
import { listDrafts, listRecords } from '../../../src/data/index';
import { changeLanguage, t } from '../../../src/app/i18n';
import { RecordFormScreen } from '../../../src/app/records/form/RecordFormScreen';
import { errorDomId, fieldDomId, setPath, type Payload } from '../../../src/app/records/form/model';
import { fillForm, freshApp } from './helpers';

async function fillAndFinish(kind: RecordKind, payload: Payload): Promise<void> {
  render(<RecordFormScreen kind={kind} />);
  await screen.findByRole('navigation', { name: t('forms:form.sectionsLabel') });
  await fillForm(getDeclaration(kind)!, payload);
  fireEvent.click(screen.getByRole('button', { name: t('forms:form.finish') }));
}

/** The error shown for `path`: its text, the control's state and where focus went. */
async function expectFieldError(path: string, message: string): Promise<void> {
  await waitFor(() => {
    const error = document.getElementById(errorDomId(path));
    expect(error?.textContent).toContain(message);
  });
  const input = document.getElementById(fieldDomId(path))!;
  expect(input.getAttribute('aria-invalid')).toBe('true');
  expect(input.getAttribute('aria-describedby')).toContain(errorDomId(path));
  await waitFor(() => expect(document.activeElement).toBe(input));
}

async function expectDraftKeptAndNothingSaved(kind: RecordKind, path: string, value: unknown) {
  await waitFor(async () => {
    const drafts = await listDrafts(kind);
    expect(drafts).toHaveLength(1);
    const segments = path.split('.');
    let current: unknown = drafts[0]!.payload;
    for (const segment of segments) current = (current as Record<string, unknown>)[segment];
    expect(current).toEqual(value);
  });
  expect((await listRecords({ kind })).total).toBe(0);
  expect(location.hash).not.toMatch(/^#\/record\/[^/]+$/);
}

const example = (kind: RecordKind, index = 0) =>
  structuredClone(getDeclaration(kind)!.examples[index]) as Payload;

describe('validation at the field', { timeout: 30_000 }, () => {
  beforeEach(() => freshApp());
  afterEach(cleanup);

  it('a NIK of 15 digits is flagged at the NIK field, focused, in Bahasa Indonesia', async () => {
    await fillAndFinish('migrant', { ...example('migrant'), nik: '331234567890123' });
    await expectFieldError('nik', t('records:errors.nik_digits'));
    expect(t('records:errors.nik_digits')).toMatch(/16/);
    // The section holding the error is the one on screen.
    expect(screen.getByRole('heading', { level: 2 }).textContent).toContain(
      t('records:migrant.sections.identity'),
    );
    await expectDraftKeptAndNothingSaved('migrant', 'nik', '331234567890123');
  });

  it('a missing required answer is flagged, and the message follows the language', async () => {
    await changeLanguage('en');
    const { name: _name, ...withoutName } = example('migrant');
    await fillAndFinish('migrant', withoutName);
    await expectFieldError('name', t('records:errors.required'));
    expect(document.getElementById(errorDomId('name'))?.textContent).not.toBe(
      t('records:errors.required', { lng: 'id' }),
    );
    await changeLanguage('id');
  });

  it('a negative count inside a participant group is flagged at that count', async () => {
    const payload = setPath(example('awareness_session'), 'participantGroups.0.femaleAdult', -2);
    await fillAndFinish('awareness_session', payload);
    await expectFieldError('participantGroups.0.femaleAdult', t('records:errors.negative'));
    await expectDraftKeptAndNothingSaved(
      'awareness_session',
      'participantGroups.0.femaleAdult',
      -2,
    );
  });

  it('participant totals that do not add up are flagged at the total', async () => {
    const payload = { ...example('awareness_session'), totalParticipants: 40 };
    const issue = validateForFinish('awareness_session', payload).find(
      (candidate) => candidate.path === 'totalParticipants',
    );
    expect(issue?.key).toBe('errors.totals_mismatch');
    const message = t(`records:${issue!.key}`, issue!.params);
    expect(message).toContain('40');
    await fillAndFinish('awareness_session', payload);
    await expectFieldError('totalParticipants', message);
    await expectDraftKeptAndNothingSaved('awareness_session', 'totalParticipants', 40);
  });

  it('marks the other sections that hold errors in the section navigation', async () => {
    const payload = { ...example('migrant'), nik: '123', familySupport: undefined };
    await fillAndFinish('migrant', payload);
    await expectFieldError('nik', t('records:errors.nik_digits'));
    const nav = screen.getByRole('navigation', { name: t('forms:form.sectionsLabel') });
    const marked = [...nav.querySelectorAll('button')]
      .filter((button) => button.textContent?.includes(t('forms:form.sectionHasErrors')))
      .map((button) => button.textContent);
    expect(marked).toHaveLength(2);
    expect(marked[1]).toContain(t('records:migrant.sections.readiness'));
  });

  it('an error disappears once the answer is fixed', async () => {
    await fillAndFinish('migrant', { ...example('migrant'), nik: '331234567890123' });
    await expectFieldError('nik', t('records:errors.nik_digits'));
    fireEvent.input(document.getElementById(fieldDomId('nik'))!, {
      target: { value: '3312345678901234' },
    });
    await waitFor(() => expect(document.getElementById(errorDomId('nik'))).toBeNull());
    expect(document.getElementById(fieldDomId('nik'))!.getAttribute('aria-invalid')).toBeNull();
  });
});
