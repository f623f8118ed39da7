// Whom to call: national contacts shipped as editable defaults (domain.md, each with its public
// source) and the coordinator's local contacts. Link builders turn Indonesian numbers as people
// write them into tel: and WhatsApp links that work offline from the phone's dialer.
import { z } from 'zod';
import { MAX_LONG_TEXT, optionalText, phoneSchema, requiredText } from './common';

export interface NationalContact {
  id: string;
  /** i18n key of the service name (records namespace). */
  nameKey: string;
  /** i18n key of a one-line description. */
  descriptionKey: string;
  /** Numbers to call, as written in the source; the first is the main one. */
  phones: readonly { number: string; noteKey?: string }[];
  whatsapp?: string;
  /** Where the number was published (kept in code so a coordinator can re-check it). */
  source: string;
}

/**
 * National contacts (domain.md "National contacts seen in public sources"). Defaults only: the
 * coordinator may correct them in Settings.
 */
export const NATIONAL_CONTACTS: readonly NationalContact[] = [
  {
    id: 'sapa_129',
    nameKey: 'contacts.national.sapa_129.name',
    descriptionKey: 'contacts.national.sapa_129.description',
    phones: [{ number: '129' }, { number: '021-129' }],
    whatsapp: '08111-129-129',
    // Kementerian PPPA, "Layanan SAPA 129" (kemenpppa.go.id).
    source: 'Kementerian PPPA: layanan SAPA 129 (kemenpppa.go.id)',
  },
  {
    id: 'police_110',
    nameKey: 'contacts.national.police_110.name',
    descriptionKey: 'contacts.national.police_110.description',
    phones: [{ number: '110' }],
    // Polri call centre 110, free and 24 hours (polri.go.id).
    source: 'Polri: call center 110, bebas pulsa 24 jam (polri.go.id)',
  },
  {
    id: 'kp2mi_crisis_centre',
    nameKey: 'contacts.national.kp2mi_crisis_centre.name',
    descriptionKey: 'contacts.national.kp2mi_crisis_centre.description',
    phones: [
      { number: '0800-1000', noteKey: 'contacts.note.in_indonesia' },
      { number: '+62 21 2924 4800', noteKey: 'contacts.note.from_abroad' },
    ],
    whatsapp: '0811-8080-141',
    // KP2MI/BP2MI crisis centre (bp2mi.go.id / kp2mi.go.id).
    source: 'KP2MI/BP2MI: crisis center (bp2mi.go.id, kp2mi.go.id)',
  },
];

/** Kinds of local contact a coordinator adds (Lampiran BAB II C.2 and domain.md). */
export const LOCAL_CONTACT_CATEGORIES = [
  'uptd_ppa',
  'bhabinkamtibmas',
  'polsek',
  'polres',
  'dinas_pppa',
  'gugus_tugas',
  'bp3mi',
  'lainnya',
] as const;

export type LocalContactCategory = (typeof LOCAL_CONTACT_CATEGORIES)[number];

export const localContactSchema = z.object({
  id: z.uuid(),
  category: z.enum(LOCAL_CONTACT_CATEGORIES),
  name: requiredText(),
  phone: phoneSchema,
  whatsapp: phoneSchema.optional(),
  notes: optionalText(MAX_LONG_TEXT),
});

export type LocalContact = z.infer<typeof localContactSchema>;

/** Digits of a number with an optional leading +, all separators removed. */
function compact(number: string): string {
  const trimmed = number.trim();
  const digits = trimmed.replace(/\D/g, '');
  return trimmed.startsWith('+') ? `+${digits}` : digits;
}

/**
 * International form without "+" for Indonesian numbers: 0812… → 62812…, +62… → 62…, 62… kept.
 * Short service numbers (129, 110) and other countries' numbers with + are returned as digits.
 */
export function normaliseIndonesianNumber(number: string): string {
  const value = compact(number);
  if (value.startsWith('+')) return value.slice(1);
  if (value.startsWith('62')) return value;
  if (value.startsWith('0') && value.length >= 8) return `62${value.slice(1)}`;
  return value;
}

/** `tel:` link. Short service numbers and local (0…) numbers are dialled as written. */
export function telLink(number: string): string {
  const value = compact(number);
  return `tel:${value}`;
}

/** `https://wa.me/<international digits>` link; WhatsApp needs the country code without "+". */
export function whatsAppLink(number: string, text?: string): string {
  const base = `https://wa.me/${normaliseIndonesianNumber(number)}`;
  return text ? `${base}?text=${encodeURIComponent(text)}` : base;
}
