// Whom to call first in danger: local contacts, then 110, then 129; for a child UPTD PPA and
// SAPA 129 before the police. Property-tested over any set of local contacts.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LOCAL_CONTACT_CATEGORIES, type LocalContact } from '../../src/domain/contacts';
import { emergencyCalls, type EmergencyCall } from '../../src/domain/emergency';

const id = (call: EmergencyCall) => (call.source === 'local' ? call.contact.id : call.contact.id);
const contact = (n: number, category: LocalContact['category']): LocalContact => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  category,
  name: `Kontak ${n}`,
  phone: '081234567890',
});

const contactsArb = fc
  .array(fc.constantFrom(...LOCAL_CONTACT_CATEGORIES), { maxLength: 12 })
  .map((categories) => categories.map((category, n) => contact(n, category)));

describe('emergencyCalls', () => {
  it('adult: the Bhabinkamtibmas of the village first, then 110, then 129', () => {
    const calls = emergencyCalls([contact(1, 'uptd_ppa'), contact(2, 'bhabinkamtibmas')], {
      child: false,
    });
    expect(calls.map(id)).toEqual([
      contact(2, 'bhabinkamtibmas').id,
      contact(1, 'uptd_ppa').id,
      'police_110',
      'sapa_129',
      'kp2mi_crisis_centre',
    ]);
  });

  it('child: UPTD PPA, then SAPA 129, before any police number', () => {
    const calls = emergencyCalls([contact(1, 'polsek'), contact(2, 'uptd_ppa')], { child: true });
    expect(calls.map(id)).toEqual([
      contact(2, 'uptd_ppa').id,
      'sapa_129',
      contact(1, 'polsek').id,
      'police_110',
      'kp2mi_crisis_centre',
    ]);
  });

  it('without local contacts the national numbers still come, 110 first for an adult', () => {
    expect(emergencyCalls([], { child: false }).map(id).slice(0, 2)).toEqual([
      'police_110',
      'sapa_129',
    ]);
    expect(emergencyCalls([], { child: true }).map(id)[0]).toBe('sapa_129');
  });

  it('property: every contact once; locals before 110 before 129 (adult); 129 before police (child)', () => {
    fc.assert(
      fc.property(contactsArb, fc.boolean(), (contacts, child) => {
        const calls = emergencyCalls([...contacts, ...contacts], { child });
        const ids = calls.map(id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.length).toBe(contacts.length + 3);
        const at = (key: string) => ids.indexOf(key);
        if (!child) {
          for (const local of contacts) expect(at(local.id)).toBeLessThan(at('police_110'));
          expect(at('police_110')).toBeLessThan(at('sapa_129'));
        } else {
          for (const local of contacts) {
            if (local.category === 'uptd_ppa' || local.category === 'dinas_pppa')
              expect(at(local.id)).toBeLessThan(at('sapa_129'));
            if (['bhabinkamtibmas', 'polsek', 'polres'].includes(local.category))
              expect(at(local.id)).toBeGreaterThan(at('sapa_129'));
          }
          expect(at('sapa_129')).toBeLessThan(at('police_110'));
        }
      }),
    );
  });
});
