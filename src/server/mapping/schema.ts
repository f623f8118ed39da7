// Tables of the vulnerability map (migration 0005_map in ./migration.ts). Both are derived from
// the clear meta of sealed_current and can be rebuilt from it at any time (./store.ts).

/** One row per current record that is on the map: where and when it counts. */
export interface MapRecordTable {
  record_id: string;
  kind: string;
  /** 'YYYY-MM' of the event (meta.eventMonth). */
  month: string;
  /** Finest Kemendagri code of the record ('33.01.01.2001', or coarser when that is all it has). */
  area: string;
}

/**
 * Running sums per (area, month, fact key) at every level (province, kabupaten, kecamatan, desa):
 * the map's queries read a handful of these rows instead of scanning records.
 * Invariant: total = Σ over current, non-deleted records of the fact's value for records whose
 * area path contains `area`; breakdown keys (`a/b/c`) are kept at province and kabupaten level only.
 */
export interface MapCountTable {
  area: string;
  /** The parent area's code ('' for a province). */
  parent: string;
  month: string;
  key: string;
  /** bigint: read with Number(). */
  total: number | string;
}

export interface MapTables {
  map_records: MapRecordTable;
  map_counts: MapCountTable;
}
