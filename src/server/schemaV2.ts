// Tables of sync contract v2 (migration 0003_contract_v2 in migrationsV2.ts). The server stores
// sealed payloads it cannot open; everything clear here is non-identifying by construction (meta
// is validated against the kinds' strict meta schemas, keys are public, feed items are either
// public or sealed).

/** Columns of one accepted revision of a sealed record (append-only). */
export interface SealedRevisionTable {
  id: string;
  /** bigint: read with Number() (PostgreSQL hands bigints back as strings). */
  rev: number | string;
  device_id: string;
  kind: string;
  schema_version: number;
  created_at: string;
  updated_at: string;
  /** 0 or 1. */
  deleted: number;
  /** JSON of the validated clear meta. */
  meta: string;
  /** JSON of `sealed` exactly as received; null for a tombstone. The only copy of these bytes. */
  sealed: string | null;
  /** SHA-256 (hex) of the canonical JSON of what the phone sent (see sealedIngest.ts). */
  content_hash: string;
  received_at: string;
}

/**
 * The current (highest accepted rev) version of each sealed record: a pointer to its row in
 * sealed_revisions plus the clear columns queues and aggregates filter on. The sealed bytes are
 * NOT copied here (read them from sealed_revisions by (id, rev)).
 */
export interface SealedCurrentTable {
  id: string;
  rev: number | string;
  device_id: string;
  kind: string;
  deleted: number;
  meta: string;
  created_at: string;
  updated_at: string;
  received_at: string;
}

/** District public keys; phones seal to every key whose retired_at is null. */
export interface DistrictKeyTable {
  kid: string;
  /** Public JWK (JSON). Public by nature. */
  public_key: string;
  fingerprint: string;
  created_at: string;
  retired_at: string | null;
}

/**
 * The feed back to phones (append-only). `seq` is unique and increasing; `device_id` null means
 * every phone of the district. `body` is the item's JSON without `seq` (clear items are public,
 * review notes are sealed).
 */
export interface FeedItemTable {
  seq: number | string;
  type: string;
  device_id: string | null;
  /** For reviews: the record answered (lets the console list a record's review history). */
  record_id: string | null;
  body: string;
  created_at: string;
}

/** Device public keys of v2 enrollment (public JWK JSON), to seal review notes to a phone. */
export interface DevicePublicKeyTable {
  device_id: string;
  public_key: string;
  kid: string;
  created_at: string;
}

export interface V2Tables {
  sealed_revisions: SealedRevisionTable;
  sealed_current: SealedCurrentTable;
  district_keys: DistrictKeyTable;
  feed_items: FeedItemTable;
  device_public_keys: DevicePublicKeyTable;
}
