// Every i18n key the domain references exists in both locales, and both files have the same keys.
import { describe, expect, it } from 'vitest';
import idRecords from '../../locales/id/records.json';
import enRecords from '../../locales/en/records.json';
import {
  ERROR_KEYS,
  RECORD_KINDS,
  RECORD_KIND_DECLARATIONS,
  type FieldMeta,
} from '../../src/domain/index';
import { PROFILE_FIELDS, VOLUNTEER_ROLES } from '../../src/domain/profile';
import { LOCAL_CONTACT_CATEGORIES, localContactSchema } from '../../src/domain/contacts';
import { ILO_INDICATORS, MODUS } from '../../src/domain/reference';
import {
  assessRisk,
  MEANS_INDICATORS,
  PROCESS_INDICATORS,
  PURPOSE_INDICATORS,
  RISK_LEVELS,
} from '../../src/domain/triage';

type Json = Record<string, unknown>;

function lookup(json: Json, key: string): unknown {
  let node: unknown = json;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Json)[part];
  }
  return node;
}

function leafKeys(json: Json, prefix = ''): string[] {
  return Object.entries(json).flatMap(([key, value]) =>
    value !== null && typeof value === 'object'
      ? leafKeys(value as Json, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}

function fieldKeys(field: FieldMeta): string[] {
  const keys = [field.labelKey];
  if (field.helpKey) keys.push(field.helpKey);
  if (field.options) {
    expect(field.optionsKey, `${field.name} has options but no optionsKey`).toBeTruthy();
    for (const option of field.options) keys.push(`${field.optionsKey}.${option}`);
  }
  if (field.itemStates) {
    expect(field.itemStatesKey, `${field.name} has itemStates but no key`).toBeTruthy();
    for (const state of field.itemStates) keys.push(`${field.itemStatesKey}.${state}`);
  }
  for (const sub of field.fields ?? []) keys.push(...fieldKeys(sub));
  return keys;
}

/** All keys the domain references (declarations, errors, profile). */
function referencedKeys(): string[] {
  const keys: string[] = [...ERROR_KEYS];
  for (const kind of RECORD_KINDS) {
    const declaration = RECORD_KIND_DECLARATIONS[kind];
    keys.push(`${kind}.title`, `${kind}.description`);
    for (const section of declaration.sections) keys.push(`${kind}.sections.${section}`);
    for (const field of declaration.fields) keys.push(...fieldKeys(field));
  }
  for (const name of PROFILE_FIELDS) keys.push(`profile.fields.${name}`);
  for (const role of VOLUNTEER_ROLES) keys.push(`profile.roles.${role}`);
  keys.push('profile.title', 'profile.training_required', 'screening.triage.title');
  keys.push('profile.help.trainedInVictimHandling', 'profile.help.trainedOn');
  for (const category of LOCAL_CONTACT_CATEGORIES) keys.push(`contacts.categories.${category}`);
  for (const name of Object.keys(localContactSchema.shape))
    if (name !== 'id') keys.push(`contacts.fields.${name}`);
  for (const level of RISK_LEVELS)
    keys.push(`screening.triage.levels.${level}`, `screening.triage.what_to_do.${level}`);
  // Every reason triage can give is a key too.
  const everything = assessRisk({
    immediateDanger: true,
    subjectAgeGroup: 'child',
    processIndicators: [...PROCESS_INDICATORS],
    meansIndicators: [...MEANS_INDICATORS],
    purposeIndicators: [...PURPOSE_INDICATORS],
    iloIndicators: [...ILO_INDICATORS],
    modus: [...MODUS],
  });
  keys.push(...everything.reasons);
  return [...new Set(keys)];
}

describe('records locale files', () => {
  const keys = referencedKeys();

  it('references a realistic number of keys', () => {
    expect(keys.length).toBeGreaterThan(100);
  });

  it.each([
    ['id', idRecords as Json],
    ['en', enRecords as Json],
  ])('%s has a non-empty string for every referenced key', (_lng, json) => {
    const missing = keys.filter((key) => {
      const value = lookup(json, key);
      return typeof value !== 'string' || value.trim() === '';
    });
    expect(missing).toEqual([]);
  });

  it('id and en have exactly the same keys', () => {
    expect(leafKeys(enRecords as Json).sort()).toEqual(leafKeys(idRecords as Json).sort());
  });

  it('every section of every kind has at least one field', () => {
    for (const kind of RECORD_KINDS) {
      const declaration = RECORD_KIND_DECLARATIONS[kind];
      for (const section of declaration.sections)
        expect(
          declaration.fields.some((field) => field.section === section),
          `${kind}.${section}`,
        ).toBe(true);
      for (const field of declaration.fields)
        expect(declaration.sections, `${kind}.${field.name}`).toContain(field.section);
    }
  });
});
