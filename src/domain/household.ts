// "One household, one place" (issue 8, beyond the fixes): which records belong to the same
// household as a given record. Pure: the app feeds it the facts of every live record on the phone.
//
// The rule, as a cadre expects it:
// - Records linked to each other (a visit's migrants, a screening's migrants and referrals, a
//   referral's or a psychosocial support's linked records) are one household, transitively: a
//   visit → its migrant → that migrant's screening → its referral.
// - Household visits and resident migrants at the same address (the same desa and the same
//   hamlet / RT / RW / street text) are one household too, even when nobody linked them; an
//   address without that detail is a whole village, so it never joins records by itself.
// - An awareness session and an outsider observation (a recruiter seen in the village) concern
//   many households: they belong to none, and their links join nothing.
import { getPath } from './common';
import { RECORD_KIND_DECLARATIONS, isRecordKind } from './index';

/** What the household rule reads from one record (computed once per rev by the data layer). */
export interface HouseholdFacts {
  /** Ids of the records it links to. */
  links: string[];
  /** Desa and address detail, folded; set only when both are known. */
  addressKey?: string;
  /** False for records that belong to no household (sessions, outsider observations). */
  member: boolean;
}

export interface HouseholdEntry {
  id: string;
  facts: HouseholdFacts;
}

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function addressKeyOf(address: unknown): string | undefined {
  if (!address || typeof address !== 'object') return undefined;
  const a = address as Record<string, unknown>;
  const detail = typeof a.detail === 'string' ? fold(a.detail) : '';
  const village =
    typeof a.villageCode === 'string' && a.villageCode
      ? a.villageCode
      : typeof a.villageName === 'string'
        ? fold(a.villageName)
        : '';
  if (!detail || !village) return undefined;
  return `${village}|${detail}`;
}

/** The household facts of a payload of `kind`. */
export function householdFacts(kind: string, payload: Record<string, unknown>): HouseholdFacts {
  if (!isRecordKind(kind) || kind === 'awareness_session') return { links: [], member: false };
  if (kind === 'migrant' && payload.recordType !== 'resident') return { links: [], member: false };
  const links: string[] = [];
  for (const field of RECORD_KIND_DECLARATIONS[kind].fields) {
    if (field.input !== 'recordLinks') continue;
    const value = getPath(payload, field.name);
    if (Array.isArray(value))
      for (const id of value) if (typeof id === 'string' && !links.includes(id)) links.push(id);
  }
  const facts: HouseholdFacts = { links, member: true };
  if (kind === 'household_visit' || kind === 'migrant') {
    const key = addressKeyOf(payload.address);
    if (key) facts.addressKey = key;
  }
  return facts;
}

/**
 * Households of `entries`: each member's household label (the id of one of its records). Links
 * to records not among the entries, or to non-members, join nothing.
 */
export function householdLabels(entries: readonly HouseholdEntry[]): Map<string, string> {
  const parent = new Map<string, string>();
  for (const entry of entries) if (entry.facts.member) parent.set(entry.id, entry.id);
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    // Path compression: later finds are near constant.
    let current = id;
    while (current !== root) {
      const next = parent.get(current)!;
      parent.set(current, root);
      current = next;
    }
    return root;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  const byAddress = new Map<string, string>();
  for (const { id, facts } of entries) {
    if (!facts.member) continue;
    for (const other of facts.links) if (parent.has(other)) union(id, other);
    if (facts.addressKey) {
      const first = byAddress.get(facts.addressKey);
      if (first === undefined) byAddress.set(facts.addressKey, id);
      else union(id, first);
    }
  }
  const labels = new Map<string, string>();
  for (const id of parent.keys()) labels.set(id, find(id));
  return labels;
}

/**
 * The other records of `id`'s household, in the order of `entries` (callers pass newest first),
 * each once; empty when `id` belongs to no household.
 */
export function householdOf(id: string, entries: readonly HouseholdEntry[]): string[] {
  const labels = householdLabels(entries);
  const label = labels.get(id);
  if (label === undefined) return [];
  const out: string[] = [];
  const seen = new Set<string>([id]);
  for (const entry of entries) {
    if (seen.has(entry.id)) continue;
    if (labels.get(entry.id) === label) {
      seen.add(entry.id);
      out.push(entry.id);
    }
  }
  return out;
}
