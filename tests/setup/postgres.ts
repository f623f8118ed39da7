// Per test file of the `server-pg` project: tells the server helpers which cluster to put the
// file's databases on. The SQLite project does not load this file.
import { inject } from 'vitest';
import 'fake-indexeddb/auto';

const cluster = inject('postgres');
process.env.JEJARING_TEST_POSTGRES = JSON.stringify({ bin: cluster.bin, port: cluster.port });
