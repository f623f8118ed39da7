// The few PouchDB entry points the PouchDB comparison uses (bench/browser/pouch*.ts,
// bench/node/pouchServer.ts); the packages ship no types of their own.
declare module 'pouchdb-browser' {
  import type { PouchStatic } from 'pouchdb-bench-types';
  const PouchDB: PouchStatic;
  export default PouchDB;
}
declare module 'pouchdb-core' {
  import type { PouchStatic } from 'pouchdb-bench-types';
  const PouchDB: PouchStatic;
  export default PouchDB;
}
declare module 'pouchdb-adapter-memory' {
  const plugin: object;
  export default plugin;
}
declare module 'pouchdb-adapter-http' {
  const plugin: object;
  export default plugin;
}
declare module 'pouchdb-mapreduce' {
  const plugin: object;
  export default plugin;
}
declare module 'pouchdb-replication' {
  const plugin: object;
  export default plugin;
}
declare module 'express-pouchdb' {
  import type { RequestListener } from 'node:http';
  import type { PouchStatic } from 'pouchdb-bench-types';
  export default function expressPouchDB(
    PouchDB: PouchStatic,
    options: {
      mode: 'minimumForPouchDB' | 'fullCouchDB';
      inMemoryConfig?: boolean;
      logPath?: string;
    },
  ): RequestListener;
}
declare module 'pouchdb-bench-types' {
  export interface PouchInfo {
    doc_count: number;
    update_seq: number | string;
  }
  export interface ReplicationResult {
    ok: boolean;
    docs_written: number;
    docs_read: number;
    doc_write_failures: number;
    errors: unknown[];
  }
  export interface PouchDatabase {
    bulkDocs(docs: object[]): Promise<{ ok?: boolean; error?: string }[]>;
    info(): Promise<PouchInfo>;
    destroy(): Promise<void>;
    close(): Promise<void>;
    replicate: {
      to(
        target: PouchDatabase | string,
        options?: { batch_size?: number; batches_limit?: number },
      ): Promise<ReplicationResult>;
    };
  }
  export interface PouchStatic {
    new (name: string, options?: { adapter?: string }): PouchDatabase;
    plugin(plugin: object): PouchStatic;
    defaults(options: { adapter?: string; prefix?: string }): PouchStatic;
  }
}
