// Node tests get an in-memory IndexedDB so src/data can run beside a real server.
import 'fake-indexeddb/auto';
