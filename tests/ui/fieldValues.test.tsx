// The shared read-only rendering (src/ui): every kind's example shows each filled field under its
// label, options as words (never stored codes or missing keys), links through the caller.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/preact';
import { RECORD_KIND_DECLARATIONS as REGISTRY } from '../../src/domain/index';

const RECORD_KIND_DECLARATIONS = Object.values(REGISTRY);
import { ensureNamespaces, initI18n, NAMESPACES, t } from '../../src/app/i18n';
import { FieldValues } from '../../src/ui/index';
import { filledFieldsOf, regionText } from '../../src/ui/fields';

beforeAll(async () => {
  await initI18n('id');
  await ensureNamespaces(NAMESPACES);
});
afterEach(cleanup);

describe('FieldValues (src/ui)', () => {
  for (const declaration of RECORD_KIND_DECLARATIONS) {
    declaration.examples.forEach((example, index) => {
      it(`${declaration.kind} example ${index}: labels, words, no raw keys`, () => {
        const payload = example as Record<string, unknown>;
        const { container } = render(<FieldValues declaration={declaration} payload={payload} />);
        const labels = [...container.querySelectorAll('dt')].map((dt) => dt.textContent);
        for (const section of declaration.sections) {
          for (const field of filledFieldsOf(declaration, section, payload)) {
            expect(labels).toContain(t(`records:${field.labelKey}`));
          }
        }
        const text = container.textContent ?? '';
        expect(text).not.toMatch(/records:|ui:|forms:/);
        // Every option value is spoken as its label.
        for (const field of declaration.fields) {
          const value = payload[field.name];
          if (field.input === 'select' && field.optionsKey && typeof value === 'string') {
            expect(text).toContain(t(`records:${field.optionsKey}.${value}`));
          }
        }
      });
    });
  }

  it('hands record links to the caller, or counts them without one', () => {
    const declaration = RECORD_KIND_DECLARATIONS.find((d) =>
      d.fields.some((f) => f.input === 'recordLinks' && !f.appliesWhen),
    )!;
    const field = declaration.fields.find((f) => f.input === 'recordLinks' && !f.appliesWhen)!;
    const payload = {
      ...(declaration.examples[0] as Record<string, unknown>),
      [field.name]: ['a', 'b'],
    };
    const counted = render(<FieldValues declaration={declaration} payload={payload} />);
    expect(counted.container.textContent).toContain(t('ui:linkedCount', { count: 2 }));
    cleanup();
    const custom = render(
      <FieldValues
        declaration={declaration}
        payload={payload}
        renderLinks={(ids) => <span data-testid="links">{ids.join('+')}</span>}
      />,
    );
    expect(custom.getByTestId('links').textContent).toBe('a+b');
  });

  it('reads a region as detail, village, district, regency', () => {
    expect(
      regionText({ villageName: 'Sukamaju', districtName: 'Cibeber', regencyName: 'Cianjur' }),
    ).toBe('Sukamaju, Cibeber, Cianjur');
    expect(regionText(null)).toBe('');
  });
});
