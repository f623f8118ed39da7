// Ask each fact once (src/domain/sameFacts.ts): a repeated option is never asked, always follows
// the answer it repeats, and editing an older record never loses a fact it states.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RECORD_KIND_DECLARATIONS,
  adoptRepeatedFacts,
  askedOptions,
  followAskedFacts,
} from '../../src/domain';
import { assessRisk } from '../../src/domain/triage';

const declarations = Object.values(RECORD_KIND_DECLARATIONS);
const screening = RECORD_KIND_DECLARATIONS.screening;
const field = (name: string) => screening.fields.find((f) => f.name === name)!;
const multiselects = screening.fields.filter((f) => f.input === 'multiselect');

// Any choice of options in each of the screening's multiselect fields.
const answers = fc.record(
  Object.fromEntries(
    multiselects.map((f) => [f.name, fc.subarray([...(f.options ?? [])])]),
  ) as Record<string, fc.Arbitrary<string[]>>,
);

describe('repeated facts', () => {
  it('each repeat names an option of a field asked in an earlier step, and is not asked itself', () => {
    for (const declaration of declarations) {
      const order = declaration.fields.map((f) => f.name);
      for (const f of declaration.fields) {
        for (const [option, source] of Object.entries(f.repeats ?? {})) {
          expect(f.options).toContain(option);
          const asker = declaration.fields.find((g) => g.name === source.field);
          expect(asker?.options).toContain(source.option);
          expect(asker?.repeats?.[source.option]).toBeUndefined();
          expect(order.indexOf(source.field)).toBeLessThan(order.indexOf(f.name));
          expect(askedOptions(f)).not.toContain(option);
        }
      }
    }
  });

  it('the screening asks "documents withheld" and "debt bondage" once each', () => {
    const asked = multiselects.flatMap((f) => askedOptions(f).map((o) => `${f.name}.${o}`));
    expect(
      asked.filter((o) =>
        /documents_withheld|retention_of_documents|documents_confiscated/.test(o),
      ),
    ).toEqual(['purposeIndicators.documents_withheld']);
    expect(asked.filter((o) => o.endsWith('.debt_bondage'))).toEqual([
      'meansIndicators.debt_bondage',
    ]);
    expect(askedOptions(field('iloIndicators'))).toContain('excessive_overtime');
  });

  it('the reasons of a risk name each fact once', () => {
    const reasons = assessRisk(screening.examples[0] as Parameters<typeof assessRisk>[0]).reasons;
    expect(reasons).toContain('screening.options.purpose.documents_withheld');
    expect(reasons).not.toContain('options.ilo_indicators.retention_of_documents');
    expect(reasons).not.toContain('options.modus.documents_confiscated');
    expect(reasons).toContain('options.modus.false_job_offer');
  });

  it('every example already agrees with the rule (the form saves it unchanged)', () => {
    for (const declaration of declarations)
      for (const example of declaration.examples)
        expect(followAskedFacts(declaration.fields, example as Record<string, unknown>)).toEqual(
          example,
        );
  });

  it('a repeated option is set exactly when the answer it repeats is, in the options order (property)', () => {
    fc.assert(
      fc.property(answers, (payload) => {
        const next = followAskedFacts(screening.fields, payload);
        for (const f of multiselects) {
          const values = (next[f.name] as string[] | undefined) ?? [];
          expect(values).toEqual((f.options ?? []).filter((o) => values.includes(o)));
          for (const option of askedOptions(f))
            expect(values.includes(option)).toBe(payload[f.name]!.includes(option));
          for (const [option, source] of Object.entries(f.repeats ?? {}))
            expect(values.includes(option)).toBe(payload[source.field]!.includes(source.option));
        }
        expect(followAskedFacts(screening.fields, next)).toEqual(next);
      }),
    );
  });

  it('editing an older record keeps every fact it states (property)', () => {
    fc.assert(
      fc.property(answers, (payload) => {
        const adopted = adoptRepeatedFacts(screening.fields, payload);
        for (const f of multiselects)
          for (const option of payload[f.name]!)
            expect((adopted[f.name] as string[] | undefined) ?? []).toContain(option);
        expect(followAskedFacts(screening.fields, adopted)).toEqual(adopted);
      }),
    );
  });
});
