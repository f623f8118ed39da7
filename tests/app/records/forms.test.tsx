// Every record kind's form, filled through its controls with the kind's own examples, finishes
// into a stored record whose payload is exactly what was typed and passes the kind's schema.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { RECORD_KINDS } from '../../../src/domain/envelope';
import { getDeclaration, validateForFinish } from '../../../src/domain/index';
import { ruleWarnings } from '../../../src/domain/rules/index';
import { getDraft, getRecord, saveRecord } from '../../../src/data/index';
import { t } from '../../../src/app/i18n';
import { RecordFormScreen } from '../../../src/app/records/form/RecordFormScreen';
import { getPath, setPath, type Payload } from '../../../src/app/records/form/model';
import { summaryOf } from '../../../src/app/records/recordText';
import type { FieldMeta } from '../../../src/domain/recordKind';
import { fillForm, freshApp, routedRecordId, TRAINED_PROFILE, type LinkLabels } from './helpers';

/**
 * What the form stores for a region typed by hand offline (no cached province chunk): the
 * volunteer's province, the village name and the detail. Codes below the province come only
 * from picking a village in the search.
 */
function typedRegion(region: Record<string, string>): Record<string, string> {
  return {
    provinceCode: TRAINED_PROFILE.provinceCode,
    villageName: region.villageName!,
    ...(region.detail ? { detail: region.detail } : {}),
  };
}

function expectedPayload(fields: readonly FieldMeta[], example: Payload): Payload {
  let out = structuredClone(example);
  for (const field of fields) {
    const value = getPath(out, field.name);
    if (field.input === 'region' && value) {
      out = setPath(out, field.name, typedRegion(value as Record<string, string>));
    }
  }
  return out;
}

/** Saves a record of an allowed kind under every id the example links to; their list labels. */
async function createLinkedRecords(
  fields: readonly FieldMeta[],
  example: Payload,
): Promise<LinkLabels> {
  const labels: LinkLabels = {};
  for (const field of fields) {
    if (field.input !== 'recordLinks') continue;
    const ids = (getPath(example, field.name) as string[] | undefined) ?? [];
    for (const id of ids) {
      const linkKind = field.linkKinds![0]!;
      const linked = await saveRecord({
        kind: linkKind,
        id,
        payload: getDeclaration(linkKind)!.examples[0] as Payload,
      });
      labels[id] = summaryOf(linked);
    }
  }
  return labels;
}

const cases = RECORD_KINDS.flatMap((kind) =>
  getDeclaration(kind)!.examples.map((_, index) => [kind, index] as const),
);

describe('filling each form through the UI', () => {
  beforeEach(() => freshApp(TRAINED_PROFILE));
  afterEach(cleanup);

  it.each(cases)(
    '%s (example %i) finishes into the stored record',
    { timeout: 30_000 },
    async (kind, index) => {
      const declaration = getDeclaration(kind)!;
      const example = declaration.examples[index] as Payload;
      const links = await createLinkedRecords(declaration.fields, example);
      location.hash = `#/records/${kind}/new`;

      render(<RecordFormScreen kind={kind} />);
      await screen.findByRole('navigation', { name: t('forms:form.sectionsLabel') });
      await fillForm(declaration, example, links);
      fireEvent.click(screen.getByRole('button', { name: t('forms:form.finish') }));
      // Examples that hold contradictions the rules warn about (item 6) ask once more.
      const warnings = ruleWarnings(kind, expectedPayload(declaration.fields, example));
      if (warnings.length > 0) {
        const panel = await screen.findByRole('alert');
        for (const warning of warnings)
          expect(panel.textContent).toContain(t(`records:${warning.key}`, warning.params));
        fireEvent.click(within(panel).getByRole('button', { name: t('records:rules.saveAnyway') }));
      }

      await waitFor(() => {
        const alert = document.querySelector('[role="alert"]');
        expect(alert?.textContent ?? '', 'no validation errors').toBe('');
        expect(location.hash).toMatch(/^#\/record\/[^/]+$/);
      });
      const id = routedRecordId();
      const stored = await getRecord(id);
      const expected = expectedPayload(declaration.fields, example);
      expect(stored?.kind).toBe(kind);
      expect(stored?.payload).toEqual(expected);
      expect(validateForFinish(kind, stored?.payload)).toEqual([]);
      expect(stored?.schemaVersion).toBe(declaration.schemaVersion);
      expect(await getDraft(id)).toBeUndefined();
    },
  );
});
