// A quick run of the v2 ingest comparison alone (the full `npm run bench` rewrites BENCHMARKS.md):
// `node --import tsx bench/node/ingestV2Quick.ts [N]`, prints JSON.
import { benchIngest, benchSealedIngest } from './ingest';

const n = Number(process.argv[2] ?? 10_000);
const v2 = await benchSealedIngest(n);
const v1 = await benchIngest(n);
console.info(JSON.stringify({ n, v2, v1: { ...v1, perRecordUs: v1.perRecordUs } }, null, 2));
