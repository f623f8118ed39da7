// The shared summary helper (src/ui/summary.ts): list lines, page titles and the labelled export
// speak words in the chosen language — country names, option labels, risk and status words —
// never the stored codes; names are left out where others may see the screen.
import { beforeAll, describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { RECORD_KIND_DECLARATIONS } from '../../src/domain/index';
import { changeLanguage, ensureNamespaces, initI18n, NAMESPACES } from '../../src/app/i18n';
import { exportRow, renderSummary, summaryText } from '../../src/ui/index';

const declarations = Object.values(RECORD_KIND_DECLARATIONS);
const [referral] = RECORD_KIND_DECLARATIONS.referral.examples as Record<string, unknown>[];
const [resident] = RECORD_KIND_DECLARATIONS.migrant.examples as Record<string, unknown>[];
const [highRisk] = RECORD_KIND_DECLARATIONS.screening.examples as Record<string, unknown>[];

beforeAll(async () => {
  await initI18n('id');
  await ensureNamespaces(NAMESPACES);
});

describe('summaryText', () => {
  it('a referral names its targets, date and status in Bahasa Indonesia', async () => {
    await changeLanguage('id');
    const line = summaryText('referral', {
      ...referral,
      targets: ['polsek', 'uptd_ppa'],
      statusUpdates: [{ date: '2026-12-02', status: 'submitted' }],
    });
    expect(line).toContain('UPTD PPA');
    expect(line).not.toMatch(/uptd_ppa|polsek,|submitted|\d{4}-\d{2}-\d{2}/);
    expect(line).toContain(i18next.t('records:referral.options.status.submitted'));
  });

  it('a migrant abroad shows the country name, not its ISO code, in the chosen language', async () => {
    await changeLanguage('id');
    const id = summaryText('migrant', { ...resident, destinationCountry: 'MY' });
    expect(id).toContain('Malaysia');
    expect(id).not.toMatch(/\bMY\b/);
    await changeLanguage('en');
    const en = summaryText('migrant', { ...resident, destinationCountry: 'SA' });
    expect(en).toContain('Saudi Arabia');
    await changeLanguage('id');
  });

  it('a screening shows the risk in words, not upper-case codes', () => {
    const line = summaryText('screening', highRisk);
    expect(line).toContain('Risiko tinggi');
    expect(line).not.toContain('TINGGI');
  });

  it('names and initials are left out when asked (home screen)', () => {
    const withNames = summaryText('screening', { ...highRisk, subjectInitials: 'SW' });
    const without = summaryText(
      'screening',
      { ...highRisk, subjectInitials: 'SW' },
      { names: false },
    );
    expect(withNames).toContain('SW');
    expect(without).not.toContain('SW');
    expect(without).toContain('Risiko tinggi');
  });

  it('every example of every kind is summarised without a raw key or ISO date', () => {
    for (const declaration of declarations)
      for (const example of declaration.examples) {
        const line = summaryText(declaration.kind, example as Record<string, unknown>);
        expect(line.length, declaration.kind).toBeGreaterThan(0);
        expect(line).not.toMatch(/records:|\.options\.|\d{4}-\d{2}-\d{2}|_/);
      }
  });

  it('a payload the summary cannot read gives an empty line, not an error', () => {
    expect(summaryText('referral', {})).toBe('');
    expect(summaryText('no_such_kind', {})).toBe('');
  });

  it('renderSummary takes a host translate function (console, Node tooling)', () => {
    const line = renderSummary(
      [
        { text: 'A', identifying: true },
        { optionsKey: 'options.countries', value: 'MY' },
        { date: '2026-12-02' },
      ],
      { translate: (key) => `<${key}>`, date: (iso) => `[${iso}]` },
    );
    expect(line).toBe('A · <records:options.countries.MY> · [2026-12-02]');
  });
});

describe('exportRow (labelled CSV)', () => {
  it('every option column of every example is a label, booleans are words', () => {
    for (const declaration of declarations)
      for (const example of declaration.examples) {
        const row = exportRow(declaration.kind, example as Record<string, unknown>);
        expect(row.map((cell) => cell.key)).toEqual(declaration.exportColumns.map((c) => c.key));
        for (const [index, column] of declaration.exportColumns.entries()) {
          const cell = row[index]!.value;
          expect(typeof cell).not.toBe('boolean');
          if (column.optionsKey && typeof cell === 'string' && cell !== '')
            for (const word of cell.split('; '))
              expect(
                i18next.exists(`records:${column.optionsKey}.${word}`),
                `${column.key}: ${word}`,
              ).toBe(false);
        }
      }
  });

  it('a referral row reads "UPTD PPA" and "Ya", a migrant row the country name', () => {
    const row = Object.fromEntries(
      exportRow('referral', { ...referral, targets: ['uptd_ppa', 'polsek'] }).map((c) => [
        c.key,
        c.value,
      ]),
    );
    expect(row.targets).toBe(`UPTD PPA; ${i18next.t('records:options.referral_targets.polsek')}`);
    expect(row.reporter_confidential).toBe('Ya');
    const migrant = Object.fromEntries(
      exportRow('migrant', { ...resident, destinationCountry: 'MY' }).map((c) => [c.key, c.value]),
    );
    expect(migrant.destination_country).toBe('Malaysia');
  });
});
