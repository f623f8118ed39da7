import { describe, expect, it } from 'vitest';
import idRecords from '../../locales/id/records.json';
import enRecords from '../../locales/en/records.json';
import {
  LOCAL_CONTACT_CATEGORIES,
  NATIONAL_CONTACTS,
  localContactSchema,
  normaliseIndonesianNumber,
  telLink,
  whatsAppLink,
} from '../../src/domain/contacts';
import { getPath } from '../../src/domain/common';
import { toValidationIssues } from '../../src/domain/validation';

describe('national contacts', () => {
  it('ships SAPA 129, police 110 and the KP2MI crisis centre with sources', () => {
    const byId = Object.fromEntries(NATIONAL_CONTACTS.map((c) => [c.id, c]));
    expect(byId.sapa_129?.phones.map((p) => p.number)).toEqual(['129', '021-129']);
    expect(byId.sapa_129?.whatsapp).toBe('08111-129-129');
    expect(byId.police_110?.phones.map((p) => p.number)).toEqual(['110']);
    expect(byId.kp2mi_crisis_centre?.phones.map((p) => p.number)).toEqual([
      '0800-1000',
      '+62 21 2924 4800',
    ]);
    expect(byId.kp2mi_crisis_centre?.whatsapp).toBe('0811-8080-141');
    for (const contact of NATIONAL_CONTACTS) expect(contact.source.length).toBeGreaterThan(10);
  });

  it('has every label in both locales', () => {
    const keys = [
      ...NATIONAL_CONTACTS.flatMap((c) => [
        c.nameKey,
        c.descriptionKey,
        ...c.phones.flatMap((p) => (p.noteKey ? [p.noteKey] : [])),
      ]),
      ...LOCAL_CONTACT_CATEGORIES.map((c) => `contacts.categories.${c}`),
    ];
    for (const json of [idRecords, enRecords])
      for (const key of keys) expect(typeof getPath(json, key), key).toBe('string');
  });
});

describe('link builders', () => {
  it.each([
    ['08111-129-129', '628111129129'],
    ['0811-8080-141', '628118080141'],
    ['+62 21 2924 4800', '622129244800'],
    ['62 812 3456 7890', '6281234567890'],
    ['(0274) 123 456', '62274123456'],
    ['129', '129'],
  ])('normalises %s to %s', (input, expected) => {
    expect(normaliseIndonesianNumber(input)).toBe(expected);
  });

  it('builds tel: links that dial as written', () => {
    expect(telLink('129')).toBe('tel:129');
    expect(telLink('021-129')).toBe('tel:021129');
    expect(telLink('0800-1000')).toBe('tel:08001000');
    expect(telLink('+62 21 2924 4800')).toBe('tel:+622129244800');
  });

  it('builds wa.me links with the country code', () => {
    expect(whatsAppLink('08111-129-129')).toBe('https://wa.me/628111129129');
    expect(whatsAppLink('0811-8080-141', 'Halo, saya mau lapor')).toBe(
      'https://wa.me/628118080141?text=Halo%2C%20saya%20mau%20lapor',
    );
  });
});

describe('local contacts', () => {
  const valid = {
    id: '7b0e3a9c-1f7e-4a52-8f0a-2c6f1f0a9d11',
    category: 'uptd_ppa',
    name: 'UPTD PPA Kabupaten Contoh',
    phone: '0274 555 123',
    whatsapp: '0812-3456-7890',
  };

  it('accepts a well-formed contact', () => {
    expect(localContactSchema.safeParse(valid).success).toBe(true);
  });

  it('rejects an unknown category and a bad phone with keys', () => {
    const result = localContactSchema.safeParse(
      { ...valid, category: 'mayor', phone: 'abc' },
      { reportInput: true },
    );
    expect(result.success).toBe(false);
    if (!result.success)
      expect(toValidationIssues(result.error)).toEqual([
        { path: 'category', key: 'errors.invalid_option' },
        { path: 'phone', key: 'errors.phone' },
      ]);
  });
});
