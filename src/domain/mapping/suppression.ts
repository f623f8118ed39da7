// Small-count suppression: what a viewer sees of a count, so a number never points at a person in
// a small desa. A count of 1 or 2 ("under 3") is withheld (`value: null, suppressed: true`); 0 is
// shown (it points at nobody). Coordinators, who may read the records anyway, see exact counts.
//
// Secondary suppression (within one table): when a column holds exactly one withheld cell among
// sibling areas and the parent's total is shown, the total minus the visible cells would give it
// away, so the next-smallest positive cell of that column is withheld too.

/** Counts below this (and above 0) are withheld from viewers. */
export const SMALL_COUNT = 3;

export type MapAudience = 'viewer' | 'coordinator';

export interface MapCell {
  value: number | null;
  suppressed: boolean;
}

export function isSmallCount(value: number): boolean {
  return value > 0 && value < SMALL_COUNT;
}

/** One count as the audience may see it. */
export function cellFor(value: number, audience: MapAudience): MapCell {
  if (audience === 'viewer' && isSmallCount(value)) return { value: null, suppressed: true };
  return { value, suppressed: false };
}

/** A difference between two cells, only when both are shown (else it would reveal a withheld one). */
export function changeOf(current: MapCell, previous: MapCell): number | null {
  return current.value === null || previous.value === null ? null : current.value - previous.value;
}

/**
 * Cells of a table of sibling areas (rows × columns of raw counts), with primary and secondary
 * suppression for viewers. `rows[i][column]` is the raw count; absent columns count as 0.
 */
export function suppressTable(
  rows: readonly Readonly<Record<string, number>>[],
  columns: readonly string[],
  audience: MapAudience,
): Record<string, MapCell>[] {
  const out = rows.map((row) =>
    Object.fromEntries(columns.map((column) => [column, cellFor(row[column] ?? 0, audience)])),
  );
  if (audience !== 'viewer') return out;
  for (const column of columns) {
    const withheld = out.filter((cells) => cells[column].suppressed).length;
    if (withheld !== 1) continue;
    let smallest = -1;
    rows.forEach((row, index) => {
      const value = row[column] ?? 0;
      if (value <= 0 || out[index][column].suppressed) return;
      if (smallest < 0 || value < (rows[smallest][column] ?? 0)) smallest = index;
    });
    if (smallest >= 0) out[smallest][column] = { value: null, suppressed: true };
  }
  return out;
}
