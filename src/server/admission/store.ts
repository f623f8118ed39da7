// Where admission control keeps its counts: in this process (one server, the SQLite default) or in
// the database (several replicas on one PostgreSQL, so that every bound holds across all of them).
// Counters use fixed windows (per minute, per day): one atomic upsert per update in the database.
import { randomUUID } from 'node:crypto';
import type { ServerDb } from '../db';

/** A slot held for one request; release() is idempotent. */
export interface Lease {
  release(): Promise<void>;
}

export interface AdmissionStore {
  readonly kind: 'memory' | 'database';
  /** Adds `amount` to the key's count in the current window; resolves to the new total. */
  increment(key: string, windowMs: number, amount: number, nowMs: number): Promise<number>;
  /** The key's count in the current window. */
  peek(key: string, windowMs: number, nowMs: number): Promise<number>;
  /**
   * Takes one of `max` slots of `subject` for at most ttlMs (a crashed holder's slot frees itself
   * then); undefined when all are taken.
   */
  acquire(subject: string, max: number, ttlMs: number, nowMs: number): Promise<Lease | undefined>;
}

/** Milliseconds until the current window of windowMs ends. */
export function windowRemainingMs(windowMs: number, nowMs: number): number {
  return windowMs - (nowMs % windowMs);
}

const windowKey = (key: string, windowMs: number, nowMs: number) =>
  `${key}@${windowMs}:${Math.floor(nowMs / windowMs)}`;

/** Counts kept in this process: exact for one server, per replica when there are several. */
export class MemoryAdmissionStore implements AdmissionStore {
  readonly kind = 'memory';
  readonly #counters = new Map<string, { total: number; expiresAt: number }>();
  readonly #leases = new Map<string, number>();

  increment(key: string, windowMs: number, amount: number, nowMs: number): Promise<number> {
    const name = windowKey(key, windowMs, nowMs);
    const entry = this.#counters.get(name) ?? {
      total: 0,
      expiresAt: nowMs + windowRemainingMs(windowMs, nowMs),
    };
    entry.total += amount;
    this.#counters.set(name, entry);
    if (this.#counters.size > 50_000) this.#prune(nowMs);
    return Promise.resolve(entry.total);
  }

  peek(key: string, windowMs: number, nowMs: number): Promise<number> {
    return Promise.resolve(this.#counters.get(windowKey(key, windowMs, nowMs))?.total ?? 0);
  }

  acquire(subject: string, max: number): Promise<Lease | undefined> {
    const held = this.#leases.get(subject) ?? 0;
    if (held >= max) return Promise.resolve(undefined);
    this.#leases.set(subject, held + 1);
    let released = false;
    return Promise.resolve({
      release: () => {
        if (!released) {
          released = true;
          const left = (this.#leases.get(subject) ?? 1) - 1;
          if (left <= 0) this.#leases.delete(subject);
          else this.#leases.set(subject, left);
        }
        return Promise.resolve();
      },
    });
  }

  #prune(nowMs: number): void {
    for (const [name, entry] of this.#counters)
      if (entry.expiresAt <= nowMs) this.#counters.delete(name);
  }
}

/** How often (at most) a replica deletes expired counter and lease rows. */
const SWEEP_EVERY_MS = 60_000;

/**
 * Counts and slots in the admission_counters and admission_leases tables (migration
 * 0002_admission), shared by every replica on the database. Each operation is one statement in
 * its own transaction, so a replica killed mid-request leaves at most a lease, which expires.
 */
export class DatabaseAdmissionStore implements AdmissionStore {
  readonly kind = 'database';
  readonly #db: ServerDb;
  readonly #holder = randomUUID();
  #lastSweep = 0;

  constructor(db: ServerDb) {
    this.#db = db;
  }

  async increment(key: string, windowMs: number, amount: number, nowMs: number): Promise<number> {
    await this.#sweep(nowMs);
    const row = await this.#db
      .insertInto('admission_counters')
      .values({
        key: windowKey(key, windowMs, nowMs),
        total: amount,
        expires_at: nowMs + windowRemainingMs(windowMs, nowMs),
      })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet((eb) => ({ total: eb(eb.ref('admission_counters.total'), '+', amount) })),
      )
      .returning('total')
      .executeTakeFirstOrThrow();
    return Number(row.total);
  }

  async peek(key: string, windowMs: number, nowMs: number): Promise<number> {
    const row = await this.#db
      .selectFrom('admission_counters')
      .select('total')
      .where('key', '=', windowKey(key, windowMs, nowMs))
      .executeTakeFirst();
    return Number(row?.total ?? 0);
  }

  async acquire(
    subject: string,
    max: number,
    ttlMs: number,
    nowMs: number,
  ): Promise<Lease | undefined> {
    const holder = `${this.#holder}:${randomUUID()}`;
    const expiresAt = nowMs + ttlMs;
    for (let slot = 0; slot < max; slot += 1) {
      // A free slot: the primary key lets exactly one request (of any replica) insert it.
      const inserted = await this.#db
        .insertInto('admission_leases')
        .values({ subject, slot, holder, expires_at: expiresAt })
        .onConflict((oc) => oc.columns(['subject', 'slot']).doNothing())
        .executeTakeFirst();
      let taken = Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
      if (!taken) {
        // A slot whose holder died (SIGKILL) or overran: taken over by one conditional update.
        const updated = await this.#db
          .updateTable('admission_leases')
          .set({ holder, expires_at: expiresAt })
          .where('subject', '=', subject)
          .where('slot', '=', slot)
          .where('expires_at', '<=', nowMs)
          .executeTakeFirst();
        taken = Number(updated.numUpdatedRows) === 1;
      }
      if (taken) {
        let released = false;
        return {
          release: async () => {
            if (released) return;
            released = true;
            await this.#db
              .deleteFrom('admission_leases')
              .where('subject', '=', subject)
              .where('slot', '=', slot)
              .where('holder', '=', holder)
              .execute();
          },
        };
      }
    }
    return undefined;
  }

  async #sweep(nowMs: number): Promise<void> {
    if (nowMs - this.#lastSweep < SWEEP_EVERY_MS) return;
    this.#lastSweep = nowMs;
    await this.#db.deleteFrom('admission_counters').where('expires_at', '<=', nowMs).execute();
    await this.#db
      .deleteFrom('admission_leases')
      .where('expires_at', '<=', nowMs - 60_000)
      .execute();
  }
}
