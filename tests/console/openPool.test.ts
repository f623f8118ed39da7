// @vitest-environment node
// The record opener (src/console/records/openPool.ts): in order, every payload that opens, `null`
// for every one that does not — whether it runs in workers or, as here without Worker, in the page.
// The console's e2e specs (unlock, then records) run the worker path in Chromium.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openSealedPool, type SealedItem } from '../../src/console/records/openPool';
import { sealRecordPayload } from '../../src/crypto/seal';
import { fromBase64Url, toBase64Url } from '../../src/domain/contract';
import { districtKey } from './helpers';

const header = (n: number) => ({
  id: `0192f1a6-7a3b-7c00-8000-${String(n).padStart(12, '0')}`,
  rev: 1 + (n % 3),
  kind: 'referral',
  schemaVersion: 1,
  deleted: false,
});

const flip = (text: string) => {
  const raw = fromBase64Url(text)!;
  raw[raw.length - 1]! ^= 0x01;
  return toBase64Url(raw);
};

describe('openSealedPool', () => {
  it('opens hundreds of records in order and marks exactly the tampered, moved and foreign ones', async () => {
    const key = await districtKey();
    const other = await districtKey();
    const recipient = { kid: key.open.kid, publicKey: key.open.publicKey };
    const foreign = { kid: other.open.kid, publicKey: other.open.publicKey };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('ok', 'tampered', 'moved', 'foreign'), {
          minLength: 251,
          maxLength: 270,
        }),
        async (plan) => {
          const items: SealedItem[] = [];
          for (const [n, what] of plan.entries()) {
            const h = header(n);
            const sealed = await sealRecordPayload(h, { n }, [
              what === 'foreign' ? foreign : recipient,
            ]);
            if (what === 'tampered')
              items.push({ header: h, sealed: { ...sealed, ct: flip(sealed.ct) } });
            else if (what === 'moved') items.push({ header: { ...h, rev: h.rev + 1 }, sealed });
            else items.push({ header: h, sealed });
          }
          let lastProgress = 0;
          const results = await openSealedPool(items, [key.open], (done) => {
            lastProgress = done;
          });
          expect(results).toHaveLength(plan.length);
          plan.forEach((what, n) => {
            expect(results[n]).toEqual(what === 'ok' ? { payload: { n } } : null);
          });
          expect(lastProgress === 0 || lastProgress === plan.length).toBe(true);
        },
      ),
      { numRuns: 2 },
    );
  }, 120_000);
});
