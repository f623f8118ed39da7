// Records linked into one case (a visit → a screening → psychosocial support → a referral): the
// `recordLinks` fields of opened payloads, followed in both directions. Pure.
import { getDeclaration } from '../../domain';
import { getPath } from '../../domain';
import type { OpenedRecord } from './memory';

/** Ids a payload links to through its kind's recordLinks fields (top level). */
export function linksOf(item: OpenedRecord): string[] {
  const declaration = getDeclaration(item.row.kind);
  if (!declaration || !item.payload) return [];
  const out: string[] = [];
  for (const field of declaration.fields) {
    if (field.input !== 'recordLinks') continue;
    const value = getPath(item.payload, field.name);
    if (Array.isArray(value)) for (const id of value) if (typeof id === 'string') out.push(id);
  }
  return out;
}

/** Undirected adjacency of every link among the records. */
export function linkGraph(list: readonly OpenedRecord[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const edge = (a: string, b: string) => {
    if (a === b) return;
    (graph.get(a) ?? graph.set(a, new Set()).get(a)!).add(b);
    (graph.get(b) ?? graph.set(b, new Set()).get(b)!).add(a);
  };
  for (const item of list) for (const target of linksOf(item)) edge(item.row.id, target);
  return graph;
}

/** Every record of the case of `id` (itself included), oldest first; unknown ids are skipped. */
export function caseOf(
  id: string,
  graph: Map<string, Set<string>>,
  byId: Map<string, OpenedRecord>,
): OpenedRecord[] {
  const seen = new Set([id]);
  const queue = [id];
  while (queue.length > 0) {
    const next = queue.shift()!;
    for (const other of graph.get(next) ?? []) {
      if (!seen.has(other)) {
        seen.add(other);
        queue.push(other);
      }
    }
  }
  return [...seen]
    .map((member) => byId.get(member))
    .filter((item): item is OpenedRecord => item !== undefined)
    .sort(
      (a, b) => a.row.createdAt.localeCompare(b.row.createdAt) || a.row.id.localeCompare(b.row.id),
    );
}
