// The pieces that make ingest fast must not change what it stores: chunking and IN-list padding
// keep every row and match the same rows, the statement cache hands back working statements, and
// the one-pass content hash equals the hash of the whole canonical content (hashes already in
// databases must keep matching resent records).
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  contentHash,
  contentHashOfPayloadJson,
  dataKeyFromBytes,
  keyedHashHex,
} from '../../src/server/crypto';
import { withStatementCache } from '../../src/server/db';
import { INSERT_CHUNK_SIZES, insertChunks, padForIn } from '../../src/server/ingest';

const key = dataKeyFromBytes(Buffer.alloc(32, 3));

describe('insertChunks', () => {
  it('keeps every row in order, in chunks of a few fixed sizes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 450 }), (rows) => {
        const chunks = insertChunks(rows);
        expect(chunks.flat()).toEqual(rows);
        for (const chunk of chunks) expect(INSERT_CHUNK_SIZES).toContain(chunk.length);
      }),
    );
    // A full phone batch and a 100-record push are one statement each (one round trip).
    expect(insertChunks(Array.from({ length: 200 }, (_, i) => i))).toHaveLength(1);
    expect(insertChunks(Array.from({ length: 100 }, (_, i) => i))).toHaveLength(1);
    expect(insertChunks(Array.from({ length: 199 }, (_, i) => i)).length).toBeLessThanOrEqual(7);
  });
});

describe('padForIn', () => {
  it('pads to a power of two with values already in the list', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { minLength: 1, maxLength: 300 }), (values) => {
        const padded = padForIn(values);
        expect(Math.log2(padded.length) % 1).toBe(0);
        expect(padded.length).toBeLessThan(values.length * 2);
        expect(new Set(padded)).toEqual(new Set(values));
      }),
    );
    expect(padForIn([])).toEqual([]);
  });
});

describe('contentHashOfPayloadJson', () => {
  const json = fc.jsonValue();
  it('equals the keyed hash of the canonical JSON of the whole content', () => {
    fc.assert(
      fc.property(
        fc.record({
          kind: fc.string(),
          schemaVersion: fc.integer({ min: 1 }),
          deleted: fc.boolean(),
          payload: fc.dictionary(fc.string(), json),
          createdAt: fc.string(),
          updatedAt: fc.string(),
        }),
        (content) => {
          const expected = keyedHashHex(key, canonicalJson(content));
          expect(contentHashOfPayloadJson(key, content, canonicalJson(content.payload))).toBe(
            expected,
          );
          expect(contentHash(key, content)).toBe(expected);
        },
      ),
    );
  });

  it('canonicalJson is valid JSON of the same value, independent of key order', () => {
    fc.assert(
      fc.property(json, (value) => {
        const text = canonicalJson(value);
        // (Through JSON on both sides: -0 is written as 0 by any serialiser.)
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        const reordered: unknown = JSON.parse(JSON.stringify(value), (_k, v: unknown) =>
          v !== null && typeof v === 'object' && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v).reverse())
            : v,
        );
        expect(canonicalJson(reordered)).toBe(text);
      }),
    );
  });
});

describe('withStatementCache', () => {
  it('reuses a statement per SQL text, evicts beyond capacity, and never shares a busy one', () => {
    const sqlite = new BetterSqlite3(':memory:');
    const prepared: string[] = [];
    const realPrepare = sqlite.prepare.bind(sqlite);
    sqlite.prepare = ((sql: string) => {
      prepared.push(sql);
      return realPrepare(sql);
    }) as typeof sqlite.prepare;
    const db = withStatementCache(sqlite, 2);
    db.prepare('CREATE TABLE t (n INTEGER)').run([]);
    const insert = 'INSERT INTO t (n) VALUES (?)';
    for (let n = 0; n < 5; n += 1) db.prepare(insert).run([n]);
    expect(prepared.filter((sql) => sql === insert)).toHaveLength(1);

    // A statement being iterated is busy: the same text gets a fresh statement meanwhile.
    const select = 'SELECT n FROM t ORDER BY n';
    const iterating = db.prepare(select).iterate([]);
    expect(iterating.next().value).toEqual({ n: 0 });
    expect(db.prepare(select).all([])).toHaveLength(5);
    expect([...iterating]).toHaveLength(4);
    expect(prepared.filter((sql) => sql === select)).toHaveLength(2);

    // Capacity 2: a third text pushes out the least recently used one.
    db.prepare('SELECT 1').all([]);
    db.prepare(insert).run([9]);
    expect(prepared.filter((sql) => sql === insert)).toHaveLength(2);
    db.close();
    expect(sqlite.open).toBe(false);
  });
});
