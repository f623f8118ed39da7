// Issue 8 item 6 in the form: a contradiction the regulation settles is refused at its field; the
// other rules warn on the step that holds the answers and once more at "Selesai dan simpan",
// where the volunteer checks the answers or keeps them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { getDeclaration } from '../../../src/domain/index';
import { migrantWarningSigns } from '../../../src/domain/rules/index';
import { getRecord } from '../../../src/data/index';
import { t } from '../../../src/app/i18n';
import { RecordFormScreen } from '../../../src/app/records/form/RecordFormScreen';
import { fieldDomId, type Payload } from '../../../src/app/records/form/model';
import { fillForm, freshApp, routedRecordId } from './helpers';

const visitDeclaration = getDeclaration('household_visit')!;
const migrantDeclaration = getDeclaration('migrant')!;
/** An example without its links to other records (none exist on this fresh phone). */
function withoutLinks(
  payload: Payload,
  fields: readonly { name: string; input: string }[],
): Payload {
  const copy = { ...payload };
  for (const field of fields) if (field.input === 'recordLinks') delete copy[field.name];
  return copy;
}
const visit = withoutLinks(visitDeclaration.examples[0] as Payload, visitDeclaration.fields);
const migrant = withoutLinks(migrantDeclaration.examples[0] as Payload, migrantDeclaration.fields);
const finishButton = () => screen.getByRole('button', { name: t('forms:form.finish') });

async function openForm(kind: 'household_visit' | 'migrant') {
  location.hash = `#/records/${kind}/new`;
  render(<RecordFormScreen kind={kind} />);
  await screen.findByRole('navigation', { name: t('forms:form.sectionsLabel') });
}

describe('domain rules in the form', { timeout: 30_000 }, () => {
  beforeEach(() => freshApp());
  afterEach(cleanup);

  it('refuses a visit with warning signs that ends in "no follow-up needed"', async () => {
    await openForm('household_visit');
    await fillForm(visitDeclaration, { ...visit, followUpActions: ['no_follow_up_needed'] });
    fireEvent.click(finishButton());
    const error = await screen.findByText(t('records:errors.warning_signs_need_follow_up'));
    expect(
      error.closest('.field, fieldset')?.querySelector(`[id="${fieldDomId('followUpActions')}"]`) ??
        error,
    ).toBeTruthy();
    expect(location.hash).not.toMatch(/^#\/record\//);
  });

  it('warns on the follow-up step when signs lead to neither a screening nor a report', async () => {
    await openForm('household_visit');
    await fillForm(visitDeclaration, visit);
    const warnings = await screen.findByTestId('step-warnings');
    expect(warnings.textContent).toContain(
      t('records:rules.visit_signs_without_screening', {
        count: (visit.warningSigns as string[]).length,
      }),
    );
  });

  it('a migrant with an unofficial route, debt and a suspected false passport: warned at finish', async () => {
    await openForm('migrant');
    await fillForm(migrantDeclaration, migrant);
    fireEvent.click(finishButton());
    const panel = await screen.findByRole('alert');
    expect(panel.textContent).toContain(
      t('records:rules.migrant_trafficking_signs', { count: migrantWarningSigns(migrant).length }),
    );
    // "Periksa jawaban" takes the person to the answers the warning is about.
    fireEvent.click(within(panel).getByRole('button', { name: t('records:rules.review') }));
    await waitFor(() =>
      expect(screen.getByRole('heading', { level: 2 }).textContent).toContain(
        t('records:migrant.sections.documents'),
      ),
    );
    expect(location.hash).not.toMatch(/^#\/record\//);
    // Keeping the answers saves the record as typed.
    fireEvent.click(finishButton());
    const again = await screen.findByRole('alert');
    fireEvent.click(within(again).getByRole('button', { name: t('records:rules.saveAnyway') }));
    await waitFor(() => expect(location.hash).toMatch(/^#\/record\/[^/]+$/));
    expect((await getRecord(routedRecordId()))?.payload.procedure).toBe('non_official');
  });
});
