// Migrant records for the browser benchmarks: the domain's declared example with a unique,
// searchable token in the name (so a search can be aimed at exactly one record of 10,000).
import { RECORD_KIND_DECLARATIONS } from '../../src/domain';

/** `x0042k`-style token: fixed width between two letters, so no token contains another. */
export function searchToken(i: number): string {
  return `x${i.toString(36).padStart(4, '0')}k`;
}

const example = RECORD_KIND_DECLARATIONS.migrant.examples[0] as Record<string, unknown>;

/** A valid migrant payload whose name carries searchToken(i). */
export function migrantPayload(i: number): Record<string, unknown> {
  const payload = structuredClone(example);
  payload.name = `${String(example.name ?? 'Warga')} ${searchToken(i)}`;
  return payload;
}
