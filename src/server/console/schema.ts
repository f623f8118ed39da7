// Tables of the coordinator console (migration 0004_console in migration.ts). Only staff data and
// public or sealed material: no record content ever lands here (review notes stay sealed).

export interface ConsoleAccountTable {
  id: string;
  /** Lower-cased; unique. */
  username: string;
  display_name: string;
  /** Comma-separated roles (admin, coordinator, viewer). */
  roles: string;
  /** Argon2id encoded hash (hash-wasm); null until the setup link was used. */
  password_hash: string | null;
  created_at: string;
  /** Set when disabled; nothing is ever deleted. */
  disabled_at: string | null;
}

export interface ConsoleSessionTable {
  /** SHA-256 (hex) of the cookie's token; the token itself is never stored. */
  token_hash: string;
  account_id: string;
  created_at: string;
  last_seen_at: string;
  /** created_at + the absolute lifetime. */
  expires_at: string;
  ended_at: string | null;
  /** 1 while the passkey (second factor) is still to be verified. */
  pending: number;
}

export interface ConsoleSetupTokenTable {
  token_hash: string;
  account_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** Registered WebAuthn credentials (public keys only). */
export interface ConsolePasskeyTable {
  /** Credential id (base64url). */
  id: string;
  account_id: string;
  /** COSE public key (base64url). */
  public_key: string;
  /** bigint: read with Number(). */
  counter: number | string;
  /** JSON array of transports. */
  transports: string;
  label: string;
  created_at: string;
  last_used_at: string | null;
}

/** Outstanding WebAuthn challenges (single use, short-lived); shared by replicas. */
export interface ConsoleChallengeTable {
  challenge: string;
  /** 'register' | 'authenticate'. */
  purpose: string;
  /** The account registering or signing in (null: passwordless, not known yet). */
  account_id: string | null;
  expires_at: string;
}

/** Failed sign-ins per key (keyed hash of the username or the client address). */
export interface ConsoleLoginThrottleTable {
  key: string;
  failures: number;
  last_failure_at: string;
  locked_until: string | null;
}

/** Append-only, hash-chained audit log. */
export interface ConsoleAuditTable {
  seq: number | string;
  at: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  target: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

/** Append-only review answers (the feed item for the phone is written in the same transaction). */
export interface ConsoleReviewTable {
  seq: number | string;
  record_id: string;
  rev: number | string;
  state: string;
  at: string;
  /** JSON of the sealed note (sealed in the browser); null without a note. */
  note: string | null;
  /** JSON of {status, decidedBy} for a screening; null otherwise. */
  decision: string | null;
  account_id: string;
  feed_seq: number | string;
}

/** Who holds which district key: the private half wrapped in their browser by their passphrase. */
export interface ConsoleKeyHolderTable {
  kid: string;
  account_id: string;
  /** Opaque JSON made by the browser. */
  wrapped: string;
  created_at: string;
}

export interface ConsoleTables {
  console_accounts: ConsoleAccountTable;
  console_sessions: ConsoleSessionTable;
  console_setup_tokens: ConsoleSetupTokenTable;
  console_passkeys: ConsolePasskeyTable;
  console_challenges: ConsoleChallengeTable;
  console_login_throttle: ConsoleLoginThrottleTable;
  console_audit: ConsoleAuditTable;
  console_reviews: ConsoleReviewTable;
  console_key_holders: ConsoleKeyHolderTable;
}
