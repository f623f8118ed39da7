// Node tests get an in-memory IndexedDB so src/data can run beside a real server.
import 'fake-indexeddb/auto';

// This project is the SQLite run of the server tests: a DATABASE_URL from the shell must not turn
// it into a PostgreSQL run (that is the `server-pg` project, tests/server/README.md).
delete process.env.DATABASE_URL;
